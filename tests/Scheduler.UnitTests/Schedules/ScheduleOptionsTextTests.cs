using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.UnitTests.Schedules;

/// <summary>
/// A task's name and tags are shown one per line (CLI, dashboard, logs): control characters in them are refused, so a
/// line break cannot pass for a line of its own.
/// </summary>
public sealed class ScheduleOptionsTextTests
{
    [Theory]
    [InlineData("na\u0000me")]
    [InlineData("report\r\nX-Injected: 1")]
    [InlineData("tab\there")]
    public void A_name_with_control_characters_is_refused(string name)
    {
        var errors = ScheduleOptionsValidator.Validate(new ScheduleOptions { Name = name }).ToList();
        Assert.Contains(errors, e => e.StartsWith("name holds control characters", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tag_with_a_line_break_is_refused()
    {
        var errors = ScheduleOptionsValidator.Validate(new ScheduleOptions { Tags = ["ok", "two\nlines"] }).ToList();
        Assert.Contains(errors, e => e.StartsWith("a tag holds control characters", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_names_and_tags_in_any_script_pass()
    {
        Assert.Empty(ScheduleOptionsValidator.Validate(new ScheduleOptions { Name = "Nightly report — Größe 日本", Tags = ["ops", "été"] }));
    }
}
