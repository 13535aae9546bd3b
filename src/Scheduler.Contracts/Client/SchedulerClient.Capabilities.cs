using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>What each live worker advertises it can run (task types, plugins and commands, MCP servers, channels, shell, queues).</summary>
    public Task<IReadOnlyList<WorkerCapabilities>> GetWorkerCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        new CapabilityStore(_store.Redis, _store.Keys).ReadLiveAsync(_time.GetUtcNow()).WaitAsync(cancellationToken);

    // Where runs go when their options name no queue (Hangfire's default queue).
    private const string DefaultQueue = "default";

    /// <summary>
    /// Refuses tasks no live worker can run, or whose queue no live worker serves, unless the call (<see cref="ScheduleOptions.Verify"/>) or the client
    /// (<see cref="SchedulerClientOptions.VerifyWorkers"/>) opts out. One read of Redis covers a whole batch.
    /// </summary>
    private async Task VerifyOfferedAsync(IEnumerable<(TaskDefinition Task, ScheduleOptions? Options)> items, CancellationToken cancellationToken)
    {
        var checkedTasks = items.Where(i => i.Options?.Verify ?? _options.VerifyWorkers).ToList();
        if (checkedTasks.Count == 0) return;
        var live = await GetWorkerCapabilitiesAsync(cancellationToken);
        var problems = checkedTasks.SelectMany(i => CapabilityCheck.Problems(i.Task, i.Options?.Queue ?? DefaultQueue, live)).Distinct().ToList();
        if (problems.Count > 0) throw new TaskNotOfferedException(problems);
    }
}
