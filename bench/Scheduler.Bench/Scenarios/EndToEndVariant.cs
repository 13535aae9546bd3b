using Scheduler.Bench.Infrastructure;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// What a scenario built on <see cref="EndToEndRun"/> changes in it: how each task is scheduled (warm-up and measured
/// tasks alike, so the warm-up compiles the same paths), and work done outside the measured window, after the warm-up
/// and after the last task succeeded (with the cluster and Redis still up), so it is counted in no figure.
/// </summary>
internal sealed record EndToEndVariant
{
    public Func<SchedulerClient, TaskDefinition, Task<ScheduledTask>> Schedule { get; init; } = EndToEndRun.ScheduleNowAsync;

    public Func<LocalRedis, CancellationToken, Task>? AfterWarmUp { get; init; }

    public Func<LocalRedis, Task>? AfterRun { get; init; }
}
