using Scheduler.Contracts.Events;

namespace Scheduler.UnitTests.Events;

public sealed class EventTypePatternTests
{
    [Theory]
    [InlineData("task.*", "scheduler.task.success", true)]
    [InlineData("scheduler.task.*", "scheduler.task.success", true)]
    [InlineData("SCHEDULER.Task.*", "scheduler.task.success", true)]
    [InlineData("task.*", "scheduler.notification", false)]
    [InlineData("notification", "scheduler.notification", true)]
    [InlineData("*", "scheduler.notification", true)]
    [InlineData("scheduler.*", "scheduler.task.fired", true)]
    [InlineData("task.success", "scheduler.task.success", true)]
    [InlineData("task.success", "scheduler.task.successful", false)]
    [InlineData("task.succes?", "scheduler.task.success", true)]
    [InlineData("task.s*", "scheduler.task.started", true)]
    [InlineData("task.s*", "scheduler.task.fired", false)]
    [InlineData("task.success, task.failure", "scheduler.task.failure", true)]
    [InlineData("task.success,task.failure", "scheduler.task.retry", false)]
    [InlineData("*.success", "scheduler.task.success", true)]
    [InlineData("task.*", "other.task.success", false)]
    public void Matches_types_by_glob_with_an_optional_scheduler_prefix(string pattern, string type, bool expected) =>
        Assert.Equal(expected, EventTypePattern.Parse(pattern).IsMatch(type));

    [Fact]
    public void Dots_in_a_pattern_are_literal()
    {
        Assert.False(EventTypePattern.Parse("task.success").IsMatch("scheduler.taskXsuccess"));
    }

    [Theory]
    [InlineData("", "event type pattern is empty; expected e.g. task.*")]
    [InlineData(" , ", "event type pattern is empty; expected e.g. task.*")]
    [InlineData("task.(a|b)", "event type pattern \"task.(a|b)\" has a character other than letters, digits, '.', '_', '-', '*' and '?'")]
    [InlineData("task/*", "event type pattern \"task/*\" has a character other than")]
    public void A_bad_pattern_is_refused_naming_what_is_accepted(string pattern, string expected)
    {
        var error = Assert.Throws<FormatException>(() => EventTypePattern.Parse(pattern));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void A_too_long_pattern_is_refused() =>
        Assert.StartsWith("event type pattern is 513 characters; at most 512", Assert.Throws<FormatException>(() => EventTypePattern.Parse(new string('a', 513))).Message);

    [Fact]
    public void Text_is_the_normalised_pattern() => Assert.Equal("task.success,task.failure", EventTypePattern.Parse(" task.success , task.failure ,").Text);

    [Theory]
    [InlineData("task_finished", "scheduler.task.success", true)]
    [InlineData("task_finished", "scheduler.task.completed", true)]
    [InlineData("TASK_FINISHED", "scheduler.task.skipped", true)]
    [InlineData("task_finished", "scheduler.task.failure", false)]
    [InlineData("task_error", "scheduler.task.retry", true)]
    [InlineData("schedule_removed,task_started", "scheduler.task.deleted", true)]
    [InlineData("schedule_update", "scheduler.task.fired", true)]
    [InlineData("schedule_update", "scheduler.task.started", false)]
    public void The_names_the_streams_label_events_with_stand_for_the_types_they_group(string pattern, string type, bool expected) =>
        Assert.Equal(expected, EventTypePattern.Parse(pattern).IsMatch(type));

    [Theory]
    [InlineData("bogus")]
    [InlineData("task.finished")]
    [InlineData("task.success,task.sucess")]
    [InlineData("job.*")]
    public void A_part_that_matches_no_event_is_refused_rather_than_filter_out_every_event(string pattern)
    {
        var error = Assert.Throws<FormatException>(() => EventTypePattern.Parse(pattern));

        Assert.Contains("matches no event; expected a type (task.scheduled, ", error.Message);
        Assert.Contains("a stream name (schedule_update, schedule_removed, task_started, task_finished, task_error)", error.Message);
    }
}
