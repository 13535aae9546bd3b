using System.ComponentModel.DataAnnotations;
using Scheduler.Beat.Hosting;

namespace Scheduler.UnitTests.Retention;

public sealed class RetentionOptionsTests
{
    private static IReadOnlyList<string> Problems(BeatOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames)];
    }

    [Fact]
    public void Finished_tasks_are_kept_seven_days_by_default_zero_keeps_them_and_a_negative_retention_or_zero_interval_is_refused()
    {
        Assert.Equal(TimeSpan.FromDays(7), new BeatOptions().FinishedTaskRetention);
        Assert.Empty(Problems(new BeatOptions()));
        Assert.Empty(Problems(new BeatOptions { FinishedTaskRetention = TimeSpan.Zero }));
        Assert.Equal([nameof(BeatOptions.FinishedTaskRetention)], Problems(new BeatOptions { FinishedTaskRetention = TimeSpan.FromDays(-1) }));
        Assert.Equal([nameof(BeatOptions.RetentionSweepInterval)], Problems(new BeatOptions { RetentionSweepInterval = TimeSpan.Zero }));
    }
}
