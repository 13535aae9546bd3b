using Scheduler.Runtime.Storage;
using Scheduler.Contracts.Storage;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The advertisement's lifetime, from the fleet's <c>Scheduler:Beat:WorkerDeadAfter</c> (read from this worker's
/// configuration, default 15 s): never shorter than the time Beat still counts a silent worker alive.
/// </summary>
internal sealed record HoldingBeaconSettings(TimeSpan Ttl)
{
    public const string WorkerDeadAfterKey = "Scheduler:Beat:WorkerDeadAfter";

    public static readonly TimeSpan DefaultWorkerDeadAfter = TimeSpan.FromSeconds(15);

    public static HoldingBeaconSettings From(TimeSpan? workerDeadAfter) =>
        new(WorkerHolding.TtlFor(workerDeadAfter ?? DefaultWorkerDeadAfter));
}
