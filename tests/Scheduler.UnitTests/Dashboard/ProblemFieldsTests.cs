using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Api;

namespace Scheduler.UnitTests.Dashboard;

public sealed class ProblemFieldsTests
{
    [Theory]
    [InlineData("maxRuns is 0; expected a positive number", "maxRuns")]
    [InlineData("jitter is 02:00:00; expected 0 to 1 hour", "jitter")]
    [InlineData("endAt (2026-01-01) is not after startAfter (2026-02-01)", "endAt")]
    [InlineData("queue \"A B\" is not accepted; expected 1 to 50 lower-case letters", "queue")]
    [InlineData("tags must be at most 50 non-empty texts", "tags")]
    [InlineData("unknown time zone \"Europe/Berlinn\"; expected an IANA id", "timeZone")]
    [InlineData("notification \"message\" is empty; expected the text to deliver", "task.message")]
    [InlineData("shell \"command\" is empty; expected a program name or path", "task.command")]
    [InlineData("notification channel \"a b\" is not a valid name", "task.channels")]
    [InlineData("\"spec\" is missing; expected e.g. \"in 5 minutes\"", "spec")]
    [InlineData("something else went wrong", null)]
    public void A_validation_message_names_the_field_it_starts_with(string message, string? field) =>
        Assert.Equal(field, ProblemFields.FieldOf(message));

    [Theory]
    [InlineData("$.options.maxRuns", "maxRuns")]
    [InlineData("$.task.message", "task.message")]
    [InlineData("$.startAfter", "startAfter")]
    [InlineData("$.options.tags[0]", "tags")]
    [InlineData("$", null)]
    [InlineData(null, null)]
    public void A_json_path_names_the_request_field(string? path, string? field) =>
        Assert.Equal(field, ProblemFields.FromPath(path));

    [Fact]
    public void A_bad_spec_is_about_the_spec_and_an_invalid_task_lists_each_problem_at_its_field()
    {
        Assert.Equal([new FieldError("spec", "nonsense")], ProblemFields.For(new ScheduleSpecException("nonsense", "every blue moon")));
        var errors = ProblemFields.For(new InvalidTaskException(["notification \"message\" is empty; expected text", "maxRuns is -1; expected a positive number"]));
        Assert.Equal(["task.message", "maxRuns"], errors.Select(e => e.Field));
        Assert.Empty(ProblemFields.For(new InvalidTransitionException("t", ScheduleStatus.Cancelled, ScheduleStatus.Paused)));
    }
}
