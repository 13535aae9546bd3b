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
    [InlineData("tags holds \"\"; expected at most 50 tags, each 1 to 100 characters and not only spaces", "tags")]
    [InlineData("unknown time zone \"Europe/Berlinn\"; expected an IANA id", "timeZone")]
    [InlineData("notification \"message\" is empty; expected the text to deliver", "task.message")]
    [InlineData("shell \"command\" is empty; expected a program name or path", "task.command")]
    [InlineData("notification channel \"a b\" is not a valid name", "task.channels")]
    [InlineData("\"spec\" is missing; expected e.g. \"in 5 minutes\"", "spec")]
    [InlineData("limit 0 is out of range; expected 1..1000", "limit")]
    [InlineData("offset -1 is negative; expected 0 or more", "offset")]
    [InlineData("concurrency.limit is 0; expected 1 to 10000", "concurrency.limit")]
    [InlineData("rateLimit.per is 10ms; expected 100ms to 1d", "rateLimit.per")]
    [InlineData("debounce.key is empty; expected a name", "debounce.key")]
    [InlineData("\"options.debounce\" is missing; expected {\"key\": \"…\"}", "debounce")]
    [InlineData("unknown status \"x\"; expected one of scheduled", "status")]
    [InlineData("unknown action \"x\"; expected one of schedule", "action")]
    [InlineData("query parameter \"bogus\" is not accepted by POST /api/schedules/pause", "bogus")]
    [InlineData("the pause note is 501 characters long; expected at most 500", "note")]
    [InlineData("the pause end 2000-01-01 is not in the future", "until")]
    [InlineData("POST /api/schedules/resume takes no body", null)]
    [InlineData("something else went wrong", null)]
    public void A_validation_message_names_the_field_it_starts_with(string message, string? field) =>
        Assert.Equal(field, ProblemFields.FieldOf(message));

    [Theory]
    [InlineData("$.options.maxRuns", "maxRuns")]
    [InlineData("$.task.message", "task.message")]
    [InlineData("$.startAfter", "startAfter")]
    [InlineData("$.options.tags[0]", "tags")]
    [InlineData("$.options.concurrency.limit", "concurrency.limit")]
    [InlineData("$.options.rateLimit", "rateLimit")]
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

    [Fact]
    public void A_cleanup_registrations_problems_are_at_its_own_fields_not_the_cleanup_task_types()
    {
        var errors = ProblemFields.For(new Scheduler.Contracts.Housekeeping.InvalidCleanupException(
            ["cleanup \"directory\" \"rel\" is relative; expected an absolute path", "cleanup has no policy; expected at least one of \"retentionDays\""]));
        Assert.Equal(["directory", null], errors.Select(e => e.Field));
    }
}
