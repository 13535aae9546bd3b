using System.ComponentModel.DataAnnotations;

namespace Scheduler.Worker.Hosting;

/// <summary>How many jobs this process runs at once and from which queues. Bound from <c>Scheduler:Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Scheduler:Worker";

    [Range(1, 1000)]
    public int WorkerCount { get; set; } = Math.Min(Environment.ProcessorCount * 5, 20);

    [MinLength(1)]
    public string[] Queues { get; set; } = ["default"];

    /// <summary>On stop, running jobs get this long to finish before they are handed back to the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether a finished run's Hangfire Succeeded state and its queue acknowledge are applied in batches, after the jobs
    /// waiting in the queues have started, rather than by the worker thread before it takes its next job. The run's
    /// outcome, events and history are written at once either way; only Hangfire's own job state follows later.
    /// </summary>
    public bool BatchCompletions { get; set; } = true;

    /// <summary>
    /// With <see cref="BatchCompletions"/>, how long a finished job's Succeeded state may wait at most while jobs keep
    /// starting (it goes at once when a worker finds its queues empty).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(1);
}
