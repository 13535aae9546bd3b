using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// A write the replicas do not acknowledge still stands on the primary, so what goes with it (its audit entry) must be
/// written too: a repeat of the call finds the task already cancelled or scheduled and records nothing. A Redis with no
/// replica at all never acknowledges, so one asked for is short every time.
/// </summary>
public sealed class UnacknowledgedWriteAuditTests
{
    private static readonly ReplicaAcknowledgement OneReplica = new() { Replicas = 1, Timeout = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task A_cancel_replace_or_paused_create_short_of_its_replicas_is_still_audited()
    {
        await using var redis = await RedisTestContext.CreateAsync("unacknowledged-audit");
        var plain = redis.CreateClient(verifyWorkers: false);
        var acknowledged = new SchedulerClient(redis.Redis, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, VerifyWorkers = false, ReplicaAcknowledgement = OneReplica });
        await plain.ScheduleAsync(new NotificationTask("x"), "every 10 minutes", new ScheduleOptions { Id = "to-cancel" });
        await plain.ScheduleAsync(new NotificationTask("x"), "every 10 minutes", new ScheduleOptions { Id = "to-replace" });

        await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => acknowledged.CancelAsync("to-cancel"));
        await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() =>
            acknowledged.ScheduleAsync(new NotificationTask("y"), "every 10 minutes", new ScheduleOptions { Id = "to-replace", Replace = true }));
        await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() =>
            acknowledged.ScheduleAsync(new NotificationTask("z"), "every 10 minutes", new ScheduleOptions { Id = "born-paused", Paused = new PauseRequest { Note = "later" } }));

        Assert.Equal(ScheduleStatus.Cancelled, (await plain.GetAsync("to-cancel"))!.Status);
        Assert.Contains(AuditActions.Cancel, await ActionsAsync(plain, "to-cancel"));
        Assert.Contains(AuditActions.Replace, await ActionsAsync(plain, "to-replace"));
        Assert.Equal(ScheduleStatus.Paused, (await plain.GetAsync("born-paused"))!.Status);
        Assert.Contains(AuditActions.Pause, await ActionsAsync(plain, "born-paused"));
    }

    [Fact]
    public async Task A_repeated_cancel_is_answered_already_ended_only_once_the_replicas_hold_the_cancel()
    {
        await using var redis = await RedisTestContext.CreateAsync("unacknowledged-cancel-repeat");
        var plain = redis.CreateClient(verifyWorkers: false);
        var acknowledged = new SchedulerClient(redis.Redis, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, VerifyWorkers = false, ReplicaAcknowledgement = OneReplica });
        await plain.ScheduleAsync(new NotificationTask("x"), "every 10 minutes", new ScheduleOptions { Id = "cancelled" });

        await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => acknowledged.CancelWithResultAsync("cancelled"));
        // The retry the exception advises: still no replica holds the cancel, so it is not answered as done.
        await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => acknowledged.CancelWithResultAsync("cancelled"));
        Assert.Equal(new CancelResult("cancelled", CancelOutcome.AlreadyEnded, ScheduleStatus.Cancelled), await plain.CancelWithResultAsync("cancelled"));
    }

    private static async Task<List<string>> ActionsAsync(SchedulerClient client, string id) =>
        [.. (await client.GetAuditAsync(new AuditFilter { TaskId = id })).Entries.Select(e => e.Action)];
}
