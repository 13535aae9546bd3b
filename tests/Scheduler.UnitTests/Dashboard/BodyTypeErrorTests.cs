using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Dashboard.Api;

namespace Scheduler.UnitTests.Dashboard;

/// <summary>
/// Every body the REST API binds (not only the schedule options) refuses a field of the wrong JSON type, a number given
/// as a string or an enum given as a number included, naming the field, what was given and what is accepted.
/// </summary>
public sealed class BodyTypeErrorTests
{
    private const string Task = "\"task\": {\"type\": \"notification\", \"message\": \"hi\"";

    // Each row: the body record of a route, a body with one field of the wrong type, then the field as the message
    // names it, as "errors" names it, what it accepts and what was given.
    public static TheoryData<string, string, string, string, string, string> Rows => new()
    {
        // POST /api/schedules/parse (the spec preview)
        { nameof(ParseRequest), """{"spec": "every day at 9am", "count": "5"}""", "count", "count", "a whole number", "the string \"5\"" },
        // POST and PUT /api/tasks/{id}/schedule, POST /api/debounce: the task and the structured schedule
        { nameof(ScheduleRequest), "{" + Task + ", \"execution\": {\"maxRetries\": \"3\"}}, \"spec\": \"in 5 minutes\"}", "task.execution.maxRetries", "task.execution", "a whole number", "the string \"3\"" },
        { nameof(ScheduleRequest), "{" + Task + "}, \"schedule\": {\"intervalType\": \"hours\", \"intervalValue\": \"2\"}}", "schedule.intervalValue", "schedule", "a whole number", "the string \"2\"" },
        { nameof(ScheduleRequest), "{" + Task + ", \"level\": 1}, \"spec\": \"in 5 minutes\"}", "task.level", "task.level", "info", "the number 1" },
        { nameof(ScheduleRequest), "{" + Task + "}, \"schedule\": {\"intervalType\": 2, \"intervalValue\": 2}}", "schedule.intervalType", "schedule", "hours", "the number 2" },
        { nameof(ScheduleRequest), "{" + Task + "}, \"spec\": \"every 1 hour\", \"options\": {\"misfire\": \"1\"}}", "options.misfire", "misfire", "skip", "the string \"1\"" },
        // PATCH /api/tasks/{id}: the task it carries is read as strictly as its options
        { nameof(TaskUpdate), "{" + Task + ", \"execution\": {\"maxRetries\": \"3\"}}}", "task.execution.maxRetries", "task.execution", "a whole number", "the string \"3\"" },
        { nameof(TaskUpdate), """{"overlap": 2}""", "overlap", "overlap", "skip", "the number 2" },
        // POST /api/cleanup, PUT /api/cleanup/{id}
        { nameof(CleanupRequest), """{"directory": "/tmp/x", "pattern": "*.log", "retentionDays": "30"}""", "retentionDays", "retentionDays", "a whole number", "the string \"30\"" },
        { nameof(CleanupRequest), """{"directory": "/tmp/x", "pattern": "*.log", "maxSizeMb": "5.5"}""", "maxSizeMb", "maxSizeMb", "a number", "the string \"5.5\"" },
        // POST /api/tasks/{id}/backfill, POST /api/tasks/{id}/pause and /api/schedules/pause
        { nameof(RunsApi.BackfillRequest), """{"from": "2026-11-01T00:00:00Z", "dryRun": "true"}""", "dryRun", "dryRun", "true or false", "the string \"true\"" },
        { nameof(PauseBody), """{"note": "outage", "until": 1767225600}""", "until", "until", "a date and time", "the number 1767225600" },
        // POST /api/tasks/{id}/reschedule
        { nameof(RescheduleRequest), """{"spec": "every day at 6am", "timeZone": 2}""", "timeZone", "timeZone", "a string", "the number 2" },
        // POST /api/schedules/apply, and a sequence's steps: a list of records given as an object is named as the array it takes
        { nameof(ApplyApi.ApplyBody), """{"schedules": {}}""", "schedules", "schedules", "an array", "an object" },
        { nameof(ScheduleRequest), """{"task": {"type": "sequence", "steps": {}}, "spec": "in 5 minutes"}""", "task.steps", "task.steps", "an array", "an object" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_field_of_the_wrong_type_in_any_body_is_refused_naming_it_what_was_given_and_what_is_accepted(
        string record, string body, string named, string field, string accepted, string given)
    {
        var e = await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(record, body));

        var detail = JsonProblems.Describe(e);
        Assert.Contains(named, detail);
        Assert.Contains(accepted, detail);
        Assert.Contains(given, detail);
        var error = Assert.Single(ProblemFields.For(e));
        Assert.Equal(field, error.Field);
        foreach (var leak in new[] { "System.", "Scheduler.", "$.", "Path:", "Nullable" })
            Assert.DoesNotContain(leak, detail);
    }

    [Fact]
    public async Task Numbers_and_enum_names_of_the_right_type_are_still_read()
    {
        var parse = (ParseRequest)await ReadAsync(nameof(ParseRequest), """{"spec": "every day at 9am", "count": 5}""");
        Assert.Equal(5, parse.Count);
        var schedule = (ScheduleRequest)await ReadAsync(nameof(ScheduleRequest),
            "{" + Task + ", \"level\": \"warning\"}, \"schedule\": {\"intervalType\": \"Hours\", \"intervalValue\": 2}, \"options\": {\"misfire\": \"runOnce\"}}");
        Assert.Equal(2, schedule.Schedule!.IntervalValue);
        Assert.Equal(Contracts.Tasks.NotificationLevel.Warning, ((Contracts.Tasks.NotificationTask)schedule.Task!).Level);
        var cleanup = (CleanupRequest)await ReadAsync(nameof(CleanupRequest), """{"directory": "/tmp/x", "pattern": "*.log", "maxSizeMb": 5.5}""");
        Assert.Equal(5.5, cleanup.MaxSizeMb);
    }

    [Fact]
    public async Task A_schedule_given_as_text_is_pointed_to_spec()
    {
        var e = await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(nameof(ScheduleRequest), "{" + Task + "}, \"schedule\": \"every 1h\"}"));

        var detail = JsonProblems.Describe(e);
        Assert.StartsWith("schedule has the wrong type; the string \"every 1h\" was given;", detail);
        Assert.Contains("a schedule written as text goes in \"spec\", e.g. \"spec\": \"every 1h\"", detail);
    }

    [Theory]
    [InlineData(Contracts.Scheduling.Intervals.IntervalType.Hours, 0, null, "intervalValue is 0; expected a whole number of hours from 1")]
    [InlineData(Contracts.Scheduling.Intervals.IntervalType.Cron, 1, null, "intervalType cron needs \"cron\", a cron expression such as \"0 3 * * MON\"; e.g. {\"intervalType\": \"cron\", \"cron\": \"0 3 * * MON\"}")]
    public void A_structured_schedules_problem_is_named_at_schedule_with_an_example_of_its_own_type(
        Contracts.Scheduling.Intervals.IntervalType type, int value, string? cron, string expected)
    {
        var e = Assert.Throws<Contracts.Scheduling.ScheduleSpecException>(() => Contracts.Scheduling.Intervals.IntervalScheduleSpec.Compile(
            new Contracts.Scheduling.Intervals.IntervalSchedule { IntervalType = type, IntervalValue = value, Cron = cron }, "UTC", DateTimeOffset.UnixEpoch));

        Assert.StartsWith(expected, e.Message);
        Assert.Equal("schedule", Assert.Single(ProblemFields.For(e)).Field);
    }

    [Fact]
    public async Task A_string_that_is_not_UTF8_is_named_as_such_not_as_the_wrong_type()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{" + Task.Replace("\"hi\"", "\"h")), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}, \"spec\": \"in 5 minutes\"}")];
        var e = await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(nameof(ScheduleRequest), body));

        Assert.Equal("task.message is not valid UTF-8 text; expected the body encoded in UTF-8", JsonProblems.Describe(e));
    }

    private static Task<object> ReadAsync(string record, string body) => ReadAsync(record, Encoding.UTF8.GetBytes(body));

    private static async Task<object> ReadAsync(string record, byte[] body)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(body);
        return record switch
        {
            nameof(ParseRequest) => await ApiBody.ReadAsync<ParseRequest>(http.Request),
            nameof(ScheduleRequest) => await ApiBody.ReadAsync<ScheduleRequest>(http.Request),
            nameof(TaskUpdate) => await ApiBody.ReadAsync<TaskUpdate>(http.Request),
            nameof(CleanupRequest) => await ApiBody.ReadAsync<CleanupRequest>(http.Request),
            nameof(RunsApi.BackfillRequest) => await ApiBody.ReadAsync<RunsApi.BackfillRequest>(http.Request),
            nameof(PauseBody) => await ApiBody.ReadAsync<PauseBody>(http.Request),
            nameof(RescheduleRequest) => await ApiBody.ReadAsync<RescheduleRequest>(http.Request),
            nameof(ApplyApi.ApplyBody) => await ApiBody.ReadAsync<ApplyApi.ApplyBody>(http.Request),
            _ => throw new ArgumentOutOfRangeException(nameof(record), record, "no such body record"),
        };
    }
}
