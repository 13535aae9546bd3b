using System.ComponentModel.DataAnnotations;

namespace Scheduler.Worker.Execution;

/// <summary>Default retry and timeout policy for every task; a task's own <c>ExecutionPolicy</c> overrides each value. Bound from <c>Scheduler:Execution</c>.</summary>
public sealed class ExecutionOptions : IValidatableObject
{
    public const string Section = "Scheduler:Execution";

    [Range(0, 100)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan SoftTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan HardTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the worker keeps an attempt's outcome (and its other run bookkeeping) in memory, retrying, while Redis
    /// does not answer (restart, failover, stall, memory full). Past it the outcome is dropped and Beat's reconciler
    /// re-queues the occurrence.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OutcomeWriteTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a handler has to return once its run is stopped or its task cancelled; then the attempt is abandoned and
    /// recorded cancelled. Keep it above <c>Scheduler:Shell:KillGracePeriod</c> so a shell command gets its SIGTERM grace.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A retry whose backoff is at least this long is parked: its Hangfire job goes back to Scheduled until the backoff
    /// is over and the worker thread is free meanwhile, as Hangfire's AutomaticRetry does. Shorter backoffs are waited
    /// out on the thread. <see cref="TimeSpan.Zero"/> parks none; otherwise at least 1 s (Hangfire's delays have whole
    /// seconds, and Beat moves due jobs every second).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ParkRetriesAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest <see cref="ParkRetriesAfter"/> other than zero.</summary>
    public static readonly TimeSpan MinParkRetriesAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Off (<see cref="TimeSpan.Zero"/>) by default. Otherwise a worker whose heartbeat Redis has not taken for this long
    /// (cut off from Redis by a partition, or Redis away) stops the attempts it runs, as a stop does (a shell command gets
    /// SIGTERM, then SIGKILL after <c>Scheduler:Shell:KillGracePeriod</c>), and hands their runs back once Redis answers:
    /// Beat takes a worker silent past <c>Scheduler:Beat:WorkerDeadAfter</c> for dead and starts its runs elsewhere, and
    /// a command of a worker that only lost Redis would otherwise run on beside them. The price: when Redis itself is
    /// away this long, every worker stops its commands and runs them again from the start once it is back. Must leave the
    /// kill grace and a second inside <c>WorkerDeadAfter</c>; the heartbeat is then written every quarter of it (5 s at most).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FenceAfter { get; set; } = TimeSpan.Zero;

    /// <summary>The shortest <see cref="FenceAfter"/> other than zero (its heartbeat then goes every half second).</summary>
    public static readonly TimeSpan MinFenceAfter = TimeSpan.FromSeconds(2);

    /// <summary>Longest result text kept in history; longer results are cut with a marker.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxResultLength { get; set; } = 64 * 1024;

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (ParkRetriesAfter > TimeSpan.Zero && ParkRetriesAfter < MinParkRetriesAfter)
            yield return new ValidationResult(
                $"{Section}:ParkRetriesAfter is {ParkRetriesAfter}: use 0 (never park a retry) or at least {MinParkRetriesAfter} (a backoff that long or longer frees the worker thread)",
                [nameof(ParkRetriesAfter)]);
        if (FenceAfter > TimeSpan.Zero && FenceAfter < MinFenceAfter)
            yield return new ValidationResult(
                $"{Section}:FenceAfter is {FenceAfter}: use 0 (a worker cut off from Redis lets its commands run on) or at least {MinFenceAfter}",
                [nameof(FenceAfter)]);
    }
}
