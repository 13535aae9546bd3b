using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Hosting;

namespace Scheduler.Worker.Sequences;

/// <summary>Adds the <c>sequence</c> task kind; its steps run through the other registered handlers.</summary>
public static class SequenceWorkerExtensions
{
    /// <summary>Runs <c>sequence</c> tasks on this worker.</summary>
    public static SchedulerWorkerBuilder AddSequences(this SchedulerWorkerBuilder builder) =>
        builder.AddTaskHandler<SequenceTask, SequenceHandler>();
}
