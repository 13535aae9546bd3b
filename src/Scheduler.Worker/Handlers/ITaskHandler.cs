using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Handlers;

/// <summary>Executes one task type. Registered with <c>AddTaskHandler&lt;TTask, THandler&gt;()</c>; resolved per attempt.</summary>
public interface ITaskHandler<in TTask> where TTask : TaskDefinition
{
    /// <summary>
    /// Runs one attempt and returns its result text (stored in history, capped), or throws to fail it.
    /// <paramref name="cancellationToken"/> fires on soft timeout, cancellation and shutdown: stop promptly.
    /// Throw <see cref="NonRetryableTaskException"/> for failures a retry cannot fix.
    /// </summary>
    Task<string?> HandleAsync(TTask task, TaskExecutionContext context, CancellationToken cancellationToken);
}
