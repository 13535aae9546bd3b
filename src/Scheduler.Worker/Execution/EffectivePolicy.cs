using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Execution;

/// <summary>The retry and timeout values one task runs with: its own overrides over the worker's defaults.</summary>
internal sealed record EffectivePolicy(int MaxRetries, TimeSpan BackoffBase, TimeSpan BackoffMax, TimeSpan SoftTimeout, TimeSpan HardTimeout)
{
    /// <summary>How long a stopped or cancelled handler has to return before it is abandoned (<see cref="ExecutionOptions.StopGracePeriod"/>).</summary>
    public TimeSpan StopGrace { get; init; } = AttemptCourse.DefaultStopGrace;

    public static EffectivePolicy Resolve(ExecutionPolicy? task, ExecutionOptions defaults)
    {
        var hard = task?.HardTimeout ?? defaults.HardTimeout;
        // A hard timeout the task sets bounds its attempts: a longer default soft one comes down to it rather than
        // raising it (a 3 s hard timeout under the 5 min default soft one ran for 5 min). A soft timeout the task sets
        // above the default hard one raises that instead; a task setting both with hard < soft is refused when scheduled.
        var soft = task?.SoftTimeout ?? (task?.HardTimeout is { } own && own < defaults.SoftTimeout ? own : defaults.SoftTimeout);
        return new EffectivePolicy(
            task?.MaxRetries ?? defaults.MaxRetries,
            task?.BackoffBase ?? defaults.BackoffBase,
            task?.BackoffMax ?? defaults.BackoffMax,
            soft,
            hard < soft ? soft : hard) { StopGrace = defaults.StopGracePeriod };
    }
}
