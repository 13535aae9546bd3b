using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Audit;

/// <summary>The audit log written by the client on real Redis: every change with its actor and fields, paging, retention.</summary>
public sealed class AuditLogTests
{
    private static readonly NotificationTask Hello = new("hi");

    private static SchedulerClient Client(RedisTestContext redis, AuditRetention? retention = null) =>
        new(redis.Redis, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, VerifyWorkers = false, Audit = retention ?? new() });

    [Fact]
    public async Task Every_change_through_the_client_is_recorded_with_its_actor_and_the_changed_fields()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-client");
        var client = Client(redis);
        var alice = client.As("alice");
        var bob = client.As("bob");
        await alice.ScheduleAsync(Hello, "every 10 minutes", new ScheduleOptions { Id = "a1", MaxRuns = 3 });
        await alice.ScheduleAsync(Hello, "every 10 minutes", new ScheduleOptions { Id = "a1", MaxRuns = 3 });
        await bob.UpdateAsync("a1", new TaskUpdate { MaxRuns = 5 });
        await bob.RescheduleAsync("a1", "every 20 minutes");
        await alice.PauseAsync("a1", new PauseRequest { Note = "disk full" });
        await bob.ResumeAsync("a1");
        await bob.TriggerNowAsync("a1");
        await alice.ScheduleAsync(new NotificationTask("bye"), "every 10 minutes", new ScheduleOptions { Id = "a1", Replace = true });
        await bob.CancelAsync("a1");
        await alice.ScheduleAsync(Hello, "in 1 hour", new ScheduleOptions { Id = "a1" });
        await bob.DeleteAsync("a1");

        var page = await client.GetAuditAsync(new AuditFilter { TaskId = "a1" });
        Assert.Null(page.Next);
        Assert.Equal(
            ["delete", "schedule", "cancel", "replace", "trigger", "resume", "pause", "reschedule", "update", "schedule"],
            page.Entries.Select(e => e.Action));
        Assert.Equal(["bob", "alice", "bob", "alice", "bob", "bob", "alice", "bob", "bob", "alice"], page.Entries.Select(e => e.Actor));
        var byAction = page.Entries.GroupBy(e => e.Action).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal((3, 5), ((int)byAction["update"].Before!["options.maxRuns"]!, (int)byAction["update"].After!["options.maxRuns"]!));
        Assert.Equal(("every 10 minutes", "every 20 minutes"), ((string?)byAction["reschedule"].Before!["spec"], (string?)byAction["reschedule"].After!["spec"]));
        var pause = byAction["pause"];
        Assert.Equal(("scheduled", "paused", "disk full", "disk full"),
            ((string?)pause.Before!["status"], (string?)pause.After!["status"], (string?)pause.After["pause.note"], pause.Note));
        Assert.Equal("paused", (string?)byAction["resume"].Before!["status"]);
        Assert.Equal(("hi", "bye"), ((string?)byAction["replace"].Before!["task.message"], (string?)byAction["replace"].After!["task.message"]));
        Assert.Equal("cancelled", (string?)byAction["cancel"].After!["status"]);
        Assert.Null(byAction["delete"].After);
        Assert.Equal("in 1 hour", (string?)byAction["delete"].Before!["spec"]);
        Assert.StartsWith("a1:t", (string?)byAction["trigger"].After!["runId"]);
        Assert.All(page.Entries, e => Assert.InRange(e.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));

        // Filters and the cursor.
        Assert.Equal(["delete", "cancel", "trigger", "resume", "reschedule", "update"],
            (await client.GetAuditAsync(new AuditFilter { Actor = "BOB" })).Entries.Select(e => e.Action));
        Assert.Equal(["pause"], (await client.GetAuditAsync(new AuditFilter { Action = "pause" })).Entries.Select(e => e.Action));
        var first = await client.GetAuditAsync(new AuditFilter { TaskId = "a1", Limit = 4 });
        var rest = await client.GetAuditAsync(new AuditFilter { TaskId = "a1", Limit = 100, After = first.Next });
        Assert.Equal(page.Entries.Select(e => e.Id), first.Entries.Concat(rest.Entries).Select(e => e.Id));
        Assert.Empty((await client.GetAuditAsync(new AuditFilter { From = DateTimeOffset.UtcNow.AddMinutes(5) })).Entries);
    }

    [Fact]
    public async Task Cleanup_registration_changes_are_recorded()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-cleanup");
        var root = Directory.CreateTempSubdirectory("audit-cleanup-").FullName;
        try
        {
            var client = Client(redis).As("ops");
            var id = await client.RegisterCleanupAsync(new CleanupRequest(root, "*.log", 7, null, null, "logs", null), [root]);
            await client.UpdateCleanupAsync(id, new CleanupRequest(root, "*.log", 30, null, null, "logs", null), [root]);
            await client.RemoveCleanupAsync(id);
            var entries = (await client.GetAuditAsync(new AuditFilter { TaskId = id })).Entries;
            Assert.Equal([AuditActions.CleanupRemove, AuditActions.CleanupUpdate, AuditActions.CleanupRegister], entries.Select(e => e.Action));
            Assert.All(entries, e => Assert.Equal("ops", e.Actor));
            Assert.Equal((7, 30), ((int)entries[1].Before!["retentionDays"]!, (int)entries[1].After!["retentionDays"]!));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task Retention_keeps_at_most_the_configured_entries_and_drops_those_older_than_the_age()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-retention");
        var counted = Client(redis, new AuditRetention { MaxEntries = 5 }).As("x");
        for (var i = 0; i < 12; i++) await counted.RecordAuditAsync(AuditActions.Trigger, $"t{i}", null, new { i });
        var db = redis.Redis.GetDatabase();
        Assert.Equal(5, await db.StreamLengthAsync(redis.KeyPrefix + "audit"));
        Assert.Equal(["t11", "t10", "t9", "t8", "t7"], (await counted.GetAuditAsync()).Entries.Select(e => e.TaskId));

        var aged = Client(redis, new AuditRetention { MaxAge = TimeSpan.FromSeconds(1) }).As("x");
        await Eventually.WaitAsync(async () =>
        {
            await aged.RecordAuditAsync(AuditActions.Trigger, "late", null, null);
            return (await aged.GetAuditAsync(new AuditFilter { Limit = 1000 })).Entries.Any(e => e.TaskId == "t11");
        }, present => !present, TimeSpan.FromSeconds(30), "entries older than a second to be trimmed (by about one write in 16)");
    }
}
