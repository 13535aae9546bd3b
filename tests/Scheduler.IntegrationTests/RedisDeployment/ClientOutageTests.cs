using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// The client's long calls across a Redis restart: a wait for a run and an event subscription go on once Redis is back
/// (they waited for the run, not for Redis), where before both ended with RedisConnectionException a few seconds in.
/// </summary>
public sealed class ClientOutageTests
{
    [Fact]
    public async Task A_wait_and_a_subscription_ride_out_a_redis_restart_and_see_what_happens_after_it()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var client = await SchedulerClient.ConnectAsync(server.ConnectionString, new SchedulerClientOptions { VerifyWorkers = false });
        var task = await client.ScheduleAsync(new NotificationTask("later"), "in 1 hour");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var waiting = client.WaitForResultAsync(task.Id, Timeout.InfiniteTimeSpan, cancellationToken: stop.Token);
        var cancelled = FirstAsync(client.SubscribeAsync(EventTypePattern.Parse("task.cancelled"), cancellationToken: stop.Token));
        await Task.Delay(300);

        await server.StopAsync();
        // Longer than the connection's 5 s timeout: each call under way meets it at least once.
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.False(waiting.IsCompleted, waiting.Exception?.ToString());
        Assert.False(cancelled.IsCompleted, cancelled.Exception?.ToString());
        await server.StartAgainAsync();
        await Eventually.WaitAsync(async () => { try { return await client.CancelAsync(task.Id); } catch (StackExchange.Redis.RedisConnectionException) { return false; } },
            TimeSpan.FromSeconds(20), "the cancel once Redis is back");

        Assert.Null(await waiting); // the task ended with no run: nothing to wait for
        Assert.Equal(task.Id, (await cancelled).TaskId);
    }

    [Fact]
    public async Task A_token_that_fires_while_a_change_waits_on_its_read_stops_the_change_before_it_writes()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var client = await SchedulerClient.ConnectAsync(server.ConnectionString, new SchedulerClientOptions { VerifyWorkers = false });
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var task = await client.ScheduleAsync(new NotificationTask("kept"), "in 1 hour");
        Func<CancellationToken, Task>[] changes = [t => client.PauseAsync(task.Id, t), t => client.CancelAsync(task.Id, t), t => client.DeleteAsync(task.Id, t)];

        foreach (var change in changes)
        {
            // Redis holds every client's commands for 2 s: the change's read waits, and its token fires meanwhile.
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "2000", "ALL");
            using var token = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => change(token.Token));
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            // Before, the change went on once the read came back: paused, cancelled or deleted after all.
            Assert.Equal(Scheduler.Contracts.Schedules.ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))?.Status);
        }
    }

    private static async Task<SchedulerEvent> FirstAsync(IAsyncEnumerable<SchedulerEvent> events)
    {
        await foreach (var e in events) return e;
        throw new InvalidOperationException("the subscription ended");
    }
}
