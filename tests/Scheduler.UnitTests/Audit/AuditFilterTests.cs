using System.Text.Json.Nodes;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Schedules;

namespace Scheduler.UnitTests.Audit;

/// <summary>Which entries an audit filter keeps, what it refuses, and what a pause request refuses.</summary>
public sealed class AuditFilterTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-30T08:00:00Z");

    private static AuditEntry Entry(string actor = "alice", string action = AuditActions.Pause, string? task = "t1") =>
        new("1764489600000-0", At, actor, action, task, null, new JsonObject { ["status"] = "paused" }, null);

    [Fact]
    public void Task_actor_action_and_time_range_must_all_match()
    {
        Assert.True(new AuditFilter().Matches(Entry()));
        Assert.True(new AuditFilter { TaskId = "t1", Actor = "ALICE", Action = "PAUSE", From = At, To = At }.Matches(Entry()));
        Assert.False(new AuditFilter { TaskId = "t2" }.Matches(Entry()));
        Assert.False(new AuditFilter { Actor = "bob" }.Matches(Entry()));
        Assert.False(new AuditFilter { Action = AuditActions.Cancel }.Matches(Entry()));
        Assert.False(new AuditFilter { From = At.AddSeconds(1) }.Matches(Entry()));
        Assert.False(new AuditFilter { To = At.AddSeconds(-1) }.Matches(Entry()));
    }

    [Theory]
    [InlineData(0, null, null, "limit 0 is out of range; expected 1..1000")]
    [InlineData(50, "nope", null, "after \"nope\" is not an audit entry id; expected an entry's id or a page's next, \"<ms>-<seq>\" such as 1700000000000-0 (each part a whole number up to 18446744073709551615, and not 0-0)")]
    // Ids Redis refuses as a bound: nothing lies before 0-0, and each part is at most 2^64-1.
    [InlineData(50, "0-0", null, "after \"0-0\" is not an audit entry id; expected an entry's id or a page's next, \"<ms>-<seq>\" such as 1700000000000-0 (each part a whole number up to 18446744073709551615, and not 0-0)")]
    [InlineData(50, "18446744073709551616-0", null, "after \"18446744073709551616-0\" is not an audit entry id; expected an entry's id or a page's next, \"<ms>-<seq>\" such as 1700000000000-0 (each part a whole number up to 18446744073709551615, and not 0-0)")]
    [InlineData(50, null, "explode", "unknown action \"explode\"; expected one of schedule, replace, update, reschedule, pause, resume, cancel, delete, trigger, retry, dismiss, backfill, stop-runs, publish, cleanup.register, cleanup.update, cleanup.remove, job.delete, job.requeue, recurring.trigger, recurring.remove, hangfire.action")]
    public void A_filter_that_cannot_be_used_says_why(int limit, string? after, string? action, string expected)
    {
        Assert.Equal(expected, new AuditFilter { Limit = limit, After = after, Action = action }.Problem());
    }

    [Fact]
    public void A_bound_before_1970_is_refused_as_no_stream_id_names_it()
    {
        var before = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero);
        Assert.Equal($"from ({before:O}) is before 1970-01-01T00:00:00Z; expected an instant from 1970-01-01T00:00:00Z on", new AuditFilter { From = before }.Problem());
        Assert.StartsWith("to (0001-01-01", new AuditFilter { To = DateTimeOffset.MinValue }.Problem());
        Assert.Null(new AuditFilter { From = DateTimeOffset.UnixEpoch, To = DateTimeOffset.MaxValue, After = "0-1" }.Problem());
    }

    [Fact]
    public void An_unknown_action_is_quoted_back_cut_at_100_characters()
    {
        var problem = new AuditFilter { Action = new string('x', 5000) }.Problem()!;
        Assert.StartsWith($"unknown action \"{new string('x', 100)}…\"; expected one of schedule,", problem);
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused_and_a_good_filter_has_no_problem()
    {
        Assert.StartsWith("from (", new AuditFilter { From = At, To = At.AddHours(-1) }.Problem());
        Assert.Null(new AuditFilter { From = At.AddHours(-1), To = At, After = "1764489600000-3", Action = "cleanup.update" }.Problem());
    }

    [Fact]
    public void A_pause_request_refuses_a_past_end_and_an_overlong_note()
    {
        Assert.Empty(new PauseRequest { Note = "disk full", Until = At.AddMinutes(1) }.Validate(At));
        Assert.Equal(
            ["the pause note is 501 characters long; expected at most 500", $"the pause end {At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z is not in the future; expected a later instant, or none to pause until resumed"],
            new PauseRequest { Note = new string('n', 501), Until = At }.Validate(At));
    }

    [Fact]
    public void A_pause_reads_as_one_line()
    {
        Assert.Equal("paused by alice: disk full (until 2026-12-01 09:00:00Z)",
            new PauseInfo(At, "alice", "disk full", DateTimeOffset.Parse("2026-12-01T10:00:00+01:00")).ToString());
        Assert.Equal("paused by (unknown)", new PauseInfo(At, null, null, null).ToString());
    }
}
