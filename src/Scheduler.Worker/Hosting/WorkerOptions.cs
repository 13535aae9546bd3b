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
}
