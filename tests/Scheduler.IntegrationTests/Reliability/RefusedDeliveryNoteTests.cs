using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A webhook delivery is noted in Redis so a retry of its run does not post again; Redis refusing that write (memory
/// full, no replicas) must not fail a notification that was delivered: its run would go round again.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class RefusedDeliveryNoteTests
{
    [Fact]
    public async Task A_delivery_whose_note_redis_refuses_for_a_while_still_succeeds_and_is_posted_once()
    {
        await using var server = await PrivateRedis.StartAsync();
        Task? refusal = null;
        // The receiver answers the first POST with Redis refusing writes, for about two seconds, so the note after it is refused.
        await using var hook = await WebhookReceiver.StartAsync(async (call, _) =>
        {
            if (call == 1)
            {
                await server.RefuseWritesAsync(true);
                refusal = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => server.RefuseWritesAsync(false)).Unwrap();
            }
            return 204;
        });
        await using var redis = await RedisTestContext.CreateAsync("notify-note-refused", server.ConnectionString);
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(),
            new NotificationTask("deploy done", Channels: ["hook"]) { Execution = TaskRuns.Fast(retries: 2) });

        Assert.Equal([RunOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Single(hook.Received);
        if (refusal is not null) await refusal;
    }
}
