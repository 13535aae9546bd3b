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
/// the configured allowed roots. The result is the <see cref="CleanupReport"/> as JSON. A registration the worker
/// refuses, or a file it cannot delete, does not stop the others from being cleaned; once all have run, any such
/// problem fails the attempt (not retried: the next occurrence tries again), naming each registration's problem and
/// what the others did, so a cleanup that cleans nothing is never recorded as succeeded. Each registration's real run
/// is also recorded as its last run.
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
        if (report.ErrorCount > 0) throw new NonRetryableTaskException(Problems(report));
        return JsonSerializer.Serialize(report, TaskTypes.JsonOptions);
    }

    private const int ListedRegistrations = 5;

    // The report's JSON is not kept for a failed attempt, so its error says what went wrong and what was still done.
    internal static string Problems(CleanupReport report)
    {
        var failed = report.Results.Where(r => r.Errors.Count > 0).ToList();
        var each = failed.Take(ListedRegistrations).Select(r =>
            $"{r.RegistrationId} (\"{r.Directory}\"): {r.Errors[0]}{(r.Errors.Count > 1 ? $" (and {r.Errors.Count - 1} more problem(s))" : "")}");
        var text = $"cleanup{(report.DryRun ? " dry run" : "")} had problems in {failed.Count} of {report.Results.Count} registration(s): "
            + string.Join("; ", each) + (failed.Count > ListedRegistrations ? $"; and {failed.Count - ListedRegistrations} more registration(s)" : "");
        var files = report.Results.Sum(r => r.FilesDeleted);
        var bytes = report.Results.Sum(r => r.BytesFreed);
        return report.DryRun ? $"{text}. Altogether {files} file(s), {bytes} byte(s) would be deleted"
            : $"{text}. Altogether {files} file(s), {bytes} byte(s) deleted; each registration's last run is in 'scheduler cleanup list'";
    }
}
