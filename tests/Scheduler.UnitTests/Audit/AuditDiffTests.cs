using System.Text.Json.Nodes;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Audit;

/// <summary>What an audit entry keeps of a change: only the fields that differ, before and after, named by path.</summary>
public sealed class AuditDiffTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-30T08:00:00Z");

    private static ScheduledTask Task(ScheduleStatus status = ScheduleStatus.Scheduled, int? maxRuns = null, string message = "hi") => new()
    {
        Id = "t1", Name = "report", Task = new NotificationTask(message), Spec = "every day at 6am",
        Schedule = ScheduleParser.Parse("every day at 6am", new ScheduleParseOptions { Now = Now }),
        Status = status, CreatedAt = Now, Options = new ScheduleOptions { MaxRuns = maxRuns },
    };

    [Fact]
    public void A_pause_keeps_only_the_status_and_the_pause_on_both_sides()
    {
        var before = Task();
        var after = before with
        {
            Status = ScheduleStatus.Paused, ChangedBy = "alice", ChangedAt = Now.AddMinutes(1),
            Pause = new PauseInfo(Now, "alice", "disk full", Now.AddHours(1)),
        };
        var (b, a) = AuditDiff.Between(AuditDiff.Of(before), AuditDiff.Of(after));
        Assert.Equal(["pause.at", "pause.by", "pause.note", "pause.until", "status"], a!.Select(p => p.Key));
        Assert.Equal("scheduled", (string?)b!["status"]);
        Assert.Equal("paused", (string?)a!["status"]);
        Assert.Null(b["pause.note"]);
        Assert.Equal("disk full", (string?)a["pause.note"]);
    }

    [Fact]
    public void Nested_task_and_option_members_are_named_by_path_and_change_stamps_are_left_out()
    {
        var (b, a) = AuditDiff.Between(AuditDiff.Of(Task(maxRuns: 3)), AuditDiff.Of(Task(maxRuns: 5, message: "bye") with { RunCount = 9, ChangedBy = "bob" }));
        Assert.Equal(["options.maxRuns", "task.message"], a!.Select(p => p.Key));
        Assert.Equal(3, (int)b!["options.maxRuns"]!);
        Assert.Equal("bye", (string?)a!["task.message"]);
    }

    [Fact]
    public void A_new_thing_has_no_before_and_a_removed_one_no_after()
    {
        var (b, a) = AuditDiff.Between(null, AuditDiff.Of(Task()));
        Assert.Null(b);
        Assert.Equal("every day at 6am", (string?)a!["spec"]);
        Assert.False(a.ContainsKey("createdAt"));
        var (gone, none) = AuditDiff.Between(AuditDiff.Of(Task()), null);
        Assert.Null(none);
        Assert.Equal("report", (string?)gone!["name"]);
    }

    [Fact]
    public void Equal_views_give_empty_sides_and_long_values_are_cut()
    {
        var (b, a) = AuditDiff.Between(AuditDiff.Of(Task()), AuditDiff.Of(Task()));
        Assert.Empty(b!);
        Assert.Empty(a!);
        var (_, cut) = AuditDiff.Between(new JsonObject(), new JsonObject { ["script"] = new string('x', 5000) });
        Assert.Equal(AuditDiff.MaxValueLength, ((string?)cut!["script"])!.Length);
    }
}
