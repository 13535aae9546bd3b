using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.UnitTests.Triggers;

/// <summary>after:/on: specs: canonical form, description, outcome matching and the errors for bad ones.</summary>
public sealed class TriggerSpecTests
{
    [Theory]
    [InlineData("after:import", "after:import:succeeded", "after task import succeeds")]
    [InlineData("after:import:succeeded", "after:import:succeeded", "after task import succeeds")]
    [InlineData("AFTER:Import.v2:FAILED", "after:Import.v2:failed", "after task Import.v2 fails")]
    [InlineData("after: nightly-build : finished", "after:nightly-build:finished", "after task nightly-build finishes")]
    [InlineData("on:file-uploaded", "on:file-uploaded", "on event file-uploaded")]
    [InlineData("  On:Deploy_Done  ", "on:Deploy_Done", "on event Deploy_Done")]
    public void Trigger_specs_parse_to_one_canonical_form_and_an_english_description(string spec, string canonical, string description)
    {
        var parsed = ScheduleParser.Parse(spec);
        Assert.Equal(ScheduleKind.Trigger, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal(description, parsed.Description);
        Assert.True(parsed.IsRecurring);
        Assert.Empty(parsed.Next(5, DateTimeOffset.UtcNow));
        Assert.Null(parsed.Anchor);
    }

    [Fact]
    public void A_stored_trigger_schedule_restores_to_the_same_source()
    {
        var parsed = ScheduleParser.Parse("after:a:failed");
        var restored = ParsedSchedule.Restore(parsed.Kind, parsed.Canonical, parsed.TimeZone, null, parsed.Description);
        Assert.Equal(new TriggerSource { AfterTask = "a", Outcome = TriggerOutcome.Failed }, restored.Trigger);
        Assert.Null(ScheduleParser.Parse("every 5 minutes").Trigger);
    }

    [Theory]
    [InlineData("after:", "names no valid task", "letters, digits")]
    [InlineData("after:a b", "names no valid task", "letters, digits")]
    [InlineData("after:a/b", "names no valid task", "letters, digits")]
    [InlineData("after:a:b:c", "names no valid task", "after:<taskId>:succeeded|failed|finished")]
    [InlineData("after:a:maybe", "\"maybe\"", "succeeded, failed or finished")]
    [InlineData("on:", "names no valid event", "letters, digits")]
    [InlineData("on:two words", "names no valid event", "on:<event-name>")]
    [InlineData("on:a:b", "names no valid event", "letters, digits")]
    public void Bad_trigger_specs_say_what_was_wrong_and_what_is_accepted(string spec, string names, string accepted)
    {
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec));
        Assert.Contains(names, error.Message);
        Assert.Contains(accepted, error.Message);
    }

    [Theory]
    [InlineData(TriggerOutcome.Succeeded, "succeeded", true)]
    [InlineData(TriggerOutcome.Succeeded, "failed", false)]
    [InlineData(TriggerOutcome.Failed, "failed", true)]
    [InlineData(TriggerOutcome.Failed, "timedout", true)]
    [InlineData(TriggerOutcome.Failed, "cancelled", false)]
    [InlineData(TriggerOutcome.Failed, "succeeded", false)]
    [InlineData(TriggerOutcome.Finished, "succeeded", true)]
    [InlineData(TriggerOutcome.Finished, "cancelled", true)]
    [InlineData(TriggerOutcome.Finished, "skipped", false)]
    public void An_outcome_filter_matches_the_final_outcomes_it_names(TriggerOutcome filter, string outcome, bool matches) =>
        Assert.Equal(matches, new TriggerSource { AfterTask = "a", Outcome = filter }.Matches(outcome));
}
