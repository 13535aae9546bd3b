using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Execution;

/// <summary>The retry and timeout values one task runs with: its own overrides over the worker's defaults.</summary>
internal sealed record EffectivePolicy(int MaxRetries, TimeSpan BackoffBase, TimeSpan BackoffMax, TimeSpan SoftTimeout, TimeSpan HardTimeout)
{
    public static EffectivePolicy Resolve(ExecutionPolicy? task, ExecutionOptions defaults)
    {
        var soft = task?.SoftTimeout ?? defaults.SoftTimeout;
        var hard = task?.HardTimeout ?? defaults.HardTimeout;
        return new EffectivePolicy(
            task?.MaxRetries ?? defaults.MaxRetries,
            task?.BackoffBase ?? defaults.BackoffBase,
            task?.BackoffMax ?? defaults.BackoffMax,
            soft,
            hard < soft ? soft : hard);
    }
}
