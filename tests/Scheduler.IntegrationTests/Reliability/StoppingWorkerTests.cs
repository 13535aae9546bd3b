using Scheduler.Contracts.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Jobs;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A job Hangfire fetched just as its worker began to stop (SIGTERM) must be handed back unclaimed: the soak saw such
/// runs start their shell command after the stop began, finish it, record nothing and run again elsewhere (issue 14).
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class StoppingWorkerTests
{
    [Fact]
    public async Task Occurrence_delivered_after_the_worker_began_to_stop_is_handed_back_without_being_claimed_or_started()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-stopping");
        using var dir = TestPaths.CreateTempDirectory("stopping");
        var marker = dir.File("ran");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("touch", [marker]), "in:1h");
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();
        var runId = $"{task.Id}:{due}";
        using var worker = InProcessSystem.BuildWorker(redis);
        using var scope = worker.Services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<ITaskOccurrenceRunner>();
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(task.Id, runId, due, task.Name, null, null, stopping.Token));

        var db = redis.Redis.GetDatabase();
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "run:" + runId, "attempts"));
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.False(File.Exists(marker));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
    }
}
