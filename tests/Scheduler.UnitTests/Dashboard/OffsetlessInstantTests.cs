using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;
using Scheduler.Dashboard.Api;

namespace Scheduler.UnitTests.Dashboard;

/// <summary>
/// An instant a body gives without an offset is the wall-clock time of the zone the same schedule names, never the
/// host's; without a zone it is refused, naming the field and the forms taken.
/// </summary>
public sealed class OffsetlessInstantTests
{
    private const string Task = "\"task\": {\"type\": \"notification\", \"message\": \"hi\"}";

    [Fact]
    public async Task A_schedule_bodys_instants_without_an_offset_are_read_in_its_time_zone()
    {
        var body = "{" + Task + """, "spec": "every day at 9am", "paused": true, "pauseUntil": "2027-07-01T12:00",""" +
            """ "options": {"endAt": "2027-12-24T18:00:00", "startAfter": "2027-06-01T00:00", "timeZone": "Europe/Berlin", "startAt": "2027-06-02T09:30"}}""";

        var request = await ReadAsync<ScheduleRequest>(body);

        Assert.Equal(DateTimeOffset.Parse("2027-12-24T17:00:00Z"), request.Options!.EndAt);
        Assert.Equal(DateTimeOffset.Parse("2027-05-31T22:00:00Z"), request.Options.StartAfter);
        Assert.Equal(DateTimeOffset.Parse("2027-06-02T07:30:00Z"), request.Options.StartAt);
        Assert.Equal(DateTimeOffset.Parse("2027-07-01T10:00:00Z"), request.PauseUntil);
    }

    [Fact]
    public async Task Instants_with_an_offset_are_read_as_written_whatever_the_zone()
    {
        var body = "{" + Task + """, "spec": "every day at 9am", "options": {"timeZone": "Europe/Berlin", "endAt": "2027-12-24T18:00:00Z", "startAfter": "2027-06-01T00:00-05:00"}}""";

        var request = await ReadAsync<ScheduleRequest>(body);

        Assert.Equal(DateTimeOffset.Parse("2027-12-24T18:00:00Z"), request.Options!.EndAt);
        Assert.Equal(DateTimeOffset.Parse("2027-06-01T05:00:00Z"), request.Options.StartAfter);
    }

    [Fact]
    public async Task Each_declaration_of_an_apply_body_reads_its_instants_in_its_own_zone()
    {
        const string body = """
            {"schedules": [
              {"id": "b", "spec": "every day at 9am", "task": {"type": "notification", "message": "hi"}, "options": {"endAt": "2027-12-24T18:00", "timeZone": "Europe/Berlin"}},
              {"id": "n", "spec": "every day at 9am", "task": {"type": "notification", "message": "hi"}, "options": {"timeZone": "America/New_York", "endAt": "2027-12-24T18:00"}, "paused": true, "pauseUntil": "2027-07-04T08:00"}
            ]}
            """;

        var apply = await ReadAsync<ApplyApi.ApplyBody>(body);

        Assert.Equal(DateTimeOffset.Parse("2027-12-24T17:00:00Z"), apply.Schedules![0].Options!.EndAt);
        Assert.Equal(DateTimeOffset.Parse("2027-12-24T23:00:00Z"), apply.Schedules[1].Options!.EndAt);
        Assert.Equal(DateTimeOffset.Parse("2027-07-04T12:00:00Z"), apply.Schedules[1].PauseUntil);
    }

    [Fact]
    public async Task A_patch_reads_its_instants_in_the_zone_it_gives_beside_them()
    {
        var update = await ReadAsync<TaskUpdate>("""{"endAt": "2027-01-15T18:00", "timeZone": "Asia/Tokyo"}""");

        Assert.Equal(DateTimeOffset.Parse("2027-01-15T09:00:00Z"), update.EndAt);
    }

    [Fact]
    public async Task A_parse_previews_now_without_an_offset_is_read_in_its_time_zone()
    {
        var parse = await ReadAsync<ParseRequest>("""{"spec": "every day at 9am", "timeZone": "America/New_York", "now": "2027-01-15T08:00"}""");

        Assert.Equal(DateTimeOffset.Parse("2027-01-15T13:00:00Z"), parse.Now);
    }

    [Fact]
    public async Task A_wall_time_a_spring_forward_skips_is_the_first_instant_after_the_gap()
    {
        var body = "{" + Task + """, "spec": "every day at 9am", "options": {"timeZone": "Europe/Berlin", "endAt": "2027-03-28T02:30"}}""";

        var request = await ReadAsync<ScheduleRequest>(body);

        Assert.Equal(DateTimeOffset.Parse("2027-03-28T01:00:00Z"), request.Options!.EndAt);
    }

    // Each row: the body record, a body whose instant has no offset and no zone to read it in, and the field named.
    public static TheoryData<string, string, string> Unzoned => new()
    {
        { nameof(ScheduleRequest), "{" + Task + """, "spec": "every day at 9am", "options": {"endAt": "2027-12-24T18:00:00"}}""", "options.endAt" },
        { nameof(ScheduleRequest), "{" + Task + """, "spec": "every day at 9am", "paused": true, "pauseUntil": "2027-12-24"}""", "pauseUntil" },
        { nameof(PauseBody), """{"note": "outage", "until": "2027-12-24T18:00"}""", "until" },
        { nameof(RunsApi.BackfillRequest), """{"from": "2027-11-01T00:00:00"}""", "from" },
        { nameof(TaskUpdate), """{"startAfter": "2027-11-01T06:00"}""", "startAfter" },
    };

    [Theory]
    [MemberData(nameof(Unzoned))]
    public async Task An_instant_without_an_offset_or_a_zone_to_read_it_in_is_refused_naming_the_field_and_the_forms_taken(string record, string body, string field)
    {
        var e = await Assert.ThrowsAnyAsync<JsonException>(() => record switch
        {
            nameof(ScheduleRequest) => ReadAsync<ScheduleRequest>(body),
            nameof(PauseBody) => ReadAsync<PauseBody>(body),
            nameof(RunsApi.BackfillRequest) => ReadAsync<RunsApi.BackfillRequest>(body),
            _ => (Task)ReadAsync<TaskUpdate>(body),
        });

        var detail = JsonProblems.Describe(e);
        Assert.StartsWith(field + ": ", detail);
        Assert.Contains("has no UTC offset; expected one, e.g. \"2027-", detail);
        // The problem's "errors" name an option by itself, as the schedule form's fields are named.
        Assert.Equal(field.Replace("options.", ""), Assert.Single(ProblemFields.For(e)).Field);
        foreach (var leak in new[] { "System.", "$.", "Path:" }) Assert.DoesNotContain(leak, detail);
    }

    [Theory]
    [InlineData("""{"timeZone": "Europe/Berlin", "endAt": """)]
    [InlineData("""{"endAt": "2027-12-24T18:00:00Z", "timeZone": "Europe/Berlin"}""")]
    [InlineData("""{"endAt": "2027-12-24T18:00:00"}""")]
    [InlineData("""{"timeZone": "Europe/Berlin", "note": "2027-12-24T18:00:00"}""")]
    public void A_body_with_nothing_to_read_in_a_zone_or_that_is_not_JSON_is_passed_on_as_it_is(string json)
    {
        ReadOnlyMemory<byte> bytes = Encoding.UTF8.GetBytes(json);

        Assert.True(WallClockInstants.InZone(bytes).Span == bytes.Span);
    }

    [Fact]
    public async Task A_structured_schedules_next_execution_is_read_in_the_bodys_zone()
    {
        var body = "{" + Task + """, "schedule": {"intervalType": "days", "nextExecution": "2027-01-01T09:00"}, "options": {"timeZone": "Europe/Berlin"}}""";

        var request = await ReadAsync<ScheduleRequest>(body);

        Assert.Equal(DateTimeOffset.Parse("2027-01-01T08:00:00Z"), request.Schedule!.NextExecution);
    }

    [Fact]
    public void A_tasks_own_arguments_are_passed_on_as_written_whatever_they_are_named()
    {
        const string json = """{"task": {"type": "mcp_tool", "serverName": "s", "toolName": "t", "arguments": {"timeZone": "Europe/Berlin", "startAt": "2027-01-05T09:00", "options": {"timeZone": "UTC", "endAt": "2027-01-05T09:00"}}}, "spec": "in 5 minutes"}""";

        Assert.Equal(json, Encoding.UTF8.GetString(WallClockInstants.InZone(Encoding.UTF8.GetBytes(json)).Span));
    }

    [Fact]
    public void Text_that_is_not_utf8_is_passed_on_for_the_reading_to_name()
    {
        byte[] json = [.. Encoding.UTF8.GetBytes("{\"timeZone\": \"UTC\", \"na"), 0xFF, .. Encoding.UTF8.GetBytes("me\": 1}")];

        Assert.Equal(json, WallClockInstants.InZone(json).ToArray());
        Assert.Equal(json, WallClockInstants.InZone(json, "Europe/Berlin").ToArray());
    }

    [Fact]
    public void Under_a_zone_that_is_none_the_instant_goes_on_in_utc_for_the_zones_own_refusal_to_name_it() =>
        Assert.Equal("""{"timeZone": "Mars/Olympus", "endAt": "2027-12-24T18:00:00+00:00"}""",
            Encoding.UTF8.GetString(WallClockInstants.InZone(Encoding.UTF8.GetBytes("""{"timeZone": "Mars/Olympus", "endAt": "2027-12-24T18:00"}""")).Span));

    [Fact]
    public void An_instant_at_the_calendars_edge_the_zone_cannot_read_goes_on_in_utc_for_the_range_check() =>
        Assert.Equal("""{"timeZone": "Europe/Berlin", "endAt": "0001-01-01T00:00:00Z"}""",
            Encoding.UTF8.GetString(WallClockInstants.InZone(Encoding.UTF8.GetBytes("""{"timeZone": "Europe/Berlin", "endAt": "0001-01-01T00:00"}""")).Span));

    [Fact]
    public void A_default_zone_reads_the_top_objects_instants_when_it_names_none_of_its_own()
    {
        static string Read(string json) => Encoding.UTF8.GetString(WallClockInstants.InZone(Encoding.UTF8.GetBytes(json), "Asia/Tokyo").Span);

        Assert.Equal("""{"endAt": "2027-01-15T18:00:00+09:00"}""", Read("""{"endAt": "2027-01-15T18:00"}"""));
        Assert.Equal("""{"timeZone": "UTC", "endAt": "2027-01-15T18:00:00+00:00"}""", Read("""{"timeZone": "UTC", "endAt": "2027-01-15T18:00"}"""));
    }

    [Fact]
    public void The_rewrite_keeps_every_other_byte_and_line_where_it_was()
    {
        const string json = "{\n  \"timeZone\": \"Europe/Berlin\",\n  \"endAt\": \"2027-12-24T18:00\",\n  \"note\": \"x\"\n}";

        var rewritten = Encoding.UTF8.GetString(WallClockInstants.InZone(Encoding.UTF8.GetBytes(json)).Span);

        Assert.Equal(json.Replace("2027-12-24T18:00\"", "2027-12-24T18:00:00+01:00\""), rewritten);
    }

    private static async Task<T> ReadAsync<T>(string body) where T : class
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return await ApiBody.ReadAsync<T>(http.Request);
    }
}
