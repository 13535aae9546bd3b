using Scheduler.Runtime.Storage;
using Scheduler.Contracts.Storage;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The advertisement's lifetime, from the fleet's <c>Scheduler:Beat:WorkerDeadAfter</c> (read from this worker's
/// configuration, default 15 s): never shorter than the time Beat still counts a silent worker alive. The fence
/// (<see cref="ExecutionOptions.FenceAfter"/>) must come inside <see cref="WorkerDeadAfter"/>.
/// </summary>
internal sealed record HoldingBeaconSettings(TimeSpan Ttl)
{
    public TimeSpan WorkerDeadAfter { get; init; } = DefaultWorkerDeadAfter;

    public const string WorkerDeadAfterKey = "Scheduler:Beat:WorkerDeadAfter";

    public static readonly TimeSpan DefaultWorkerDeadAfter = TimeSpan.FromSeconds(15);

    public static HoldingBeaconSettings From(TimeSpan? workerDeadAfter) =>
        new(WorkerHolding.TtlFor(workerDeadAfter ?? DefaultWorkerDeadAfter)) { WorkerDeadAfter = workerDeadAfter ?? DefaultWorkerDeadAfter };

    /// <summary>What a fence after <paramref name="fenceAfter"/> leaves for the stop inside <see cref="WorkerDeadAfter"/> (a second kept for clocks and sweeps).</summary>
    public TimeSpan LeftAfterFence(TimeSpan fenceAfter) => WorkerDeadAfter - fenceAfter - FenceMargin;

    public static readonly TimeSpan FenceMargin = TimeSpan.FromSeconds(1);
}
