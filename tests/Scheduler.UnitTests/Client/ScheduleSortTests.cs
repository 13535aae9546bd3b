using Scheduler.Contracts.Client;

namespace Scheduler.UnitTests.Client;

/// <summary>The task list's sort as a query spells it: a key, '-' for descending, blank for newest first.</summary>
public sealed class ScheduleSortTests
{
    [Theory]
    [InlineData("name", nameof(ScheduleSortKey.Name), "name")]
    [InlineData("-NEXT", nameof(ScheduleSortKey.NextRun), "-next")]
    [InlineData(" last ", nameof(ScheduleSortKey.LastRun), "last")]
    [InlineData("-outcome", nameof(ScheduleSortKey.LastOutcome), "-outcome")]
    [InlineData("runs", nameof(ScheduleSortKey.RunCount), "runs")]
    public void A_key_in_any_case_reads_with_its_direction_and_writes_back_as_the_query_spells_it(string text, string key, string written)
    {
        Assert.True(ScheduleSort.TryParse(text, out var sort));
        Assert.Equal((key, written), (sort.Key.ToString(), sort.ToString()));
        Assert.True(ScheduleSort.TryParse(sort.ToString(), out var again));
        Assert.Equal(sort, again);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("-created")]
    public void Blank_is_the_default_newest_first(string? text)
    {
        Assert.True(ScheduleSort.TryParse(text, out var sort));
        Assert.True(sort.IsDefault);
    }

    [Theory]
    [InlineData("nextRun")]
    [InlineData("--name")]
    [InlineData("-")]
    [InlineData("name,next")]
    public void Anything_else_is_refused(string text) => Assert.False(ScheduleSort.TryParse(text, out _));

    [Fact]
    public void A_first_click_lists_past_times_and_counts_latest_first_and_the_rest_ascending()
    {
        Assert.False(ScheduleSort.FirstClick(ScheduleSortKey.Name).Descending);
        Assert.False(ScheduleSort.FirstClick(ScheduleSortKey.NextRun).Descending);
        Assert.True(ScheduleSort.FirstClick(ScheduleSortKey.LastRun).Descending);
        Assert.True(ScheduleSort.FirstClick(ScheduleSortKey.RunCount).Descending);
        Assert.Equal("name, type, status, next, last, outcome, runs, created", ScheduleSort.Accepted);
    }
}
