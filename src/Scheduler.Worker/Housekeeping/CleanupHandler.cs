using System.Text.Json;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Housekeeping;

/// <summary>
/// Runs <c>cleanup</c> tasks with the shared <see cref="CleanupEngine"/> against this worker's file system, limited to
/// the configured allowed roots. The result is the <see cref="CleanupReport"/> as JSON; a registration the worker
/// refuses, or a file it cannot delete, is an error inside the report rather than a failed attempt, so one bad
/// registration does not stop the others from being cleaned. Each registration's real run is also recorded as its last run.
/// </summary>
internal sealed class CleanupHandler(CleanupStore store, IOptions<HousekeepingOptions> options, ProcessIdentity identity, TimeProvider time)
    : ITaskHandler<CleanupTask>
{
    public async Task<string?> HandleAsync(CleanupTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        var roots = options.Value.AllowedRoots;
        if (roots.Length == 0)
            throw new NonRetryableTaskException(
                $"this worker has no {HousekeepingSettings.AllowedRootsKey} configured, so it refuses every cleanup; list the absolute paths cleanups may work in");
        var report = await Task.Run(() => CleanupEngine.RunAsync(store, task.RegistrationId, task.DryRun, roots, time.GetUtcNow(), identity.Id, cancellationToken),
                cancellationToken)
            ?? throw new NonRetryableTaskException($"cleanup registration \"{task.RegistrationId}\" does not exist; see 'scheduler cleanup list'");
        return JsonSerializer.Serialize(report, TaskTypes.JsonOptions);
    }
}
