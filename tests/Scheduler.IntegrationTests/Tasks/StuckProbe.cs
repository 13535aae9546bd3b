using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A custom task type registered by a test: its handler writes <paramref name="StartedFile"/>, then waits <paramref name="Milliseconds"/> ignoring its token.</summary>
[TaskType("test_stuck")]
public sealed record StuckProbe(string StartedFile, int Milliseconds) : TaskDefinition;

/// <summary>Handler for <see cref="StuckProbe"/>: says it started (so a test can act on a step known to run), then does not stop when asked.</summary>
public sealed class StuckProbeHandler : ITaskHandler<StuckProbe>
{
    public async Task<string?> HandleAsync(StuckProbe task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(task.StartedFile, "started", CancellationToken.None);
        await Task.Delay(task.Milliseconds, CancellationToken.None);
        return $"waited {task.Milliseconds} ms";
    }
}
