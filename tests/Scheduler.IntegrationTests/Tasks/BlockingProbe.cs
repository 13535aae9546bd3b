using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A custom task type registered by a test: its handler blocks its thread for <paramref name="Milliseconds"/> before returning a task.</summary>
[TaskType("test_blocking")]
public sealed record BlockingProbe(int Milliseconds) : TaskDefinition;

/// <summary>Handler for <see cref="BlockingProbe"/>: Thread.Sleep before any await, as synchronous code in a handler does.</summary>
public sealed class BlockingProbeHandler : ITaskHandler<BlockingProbe>
{
    public Task<string?> HandleAsync(BlockingProbe task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        Thread.Sleep(task.Milliseconds);
        return Task.FromResult<string?>($"slept {task.Milliseconds} ms");
    }
}
