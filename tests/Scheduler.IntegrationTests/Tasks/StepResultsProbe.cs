using System.Text.Json;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A custom task type registered by a test: returns the earlier step results it sees, proving custom types run inside sequences.</summary>
[TaskType("test_step_results")]
public sealed record StepResultsProbe : TaskDefinition;

/// <summary>Handler for <see cref="StepResultsProbe"/>.</summary>
public sealed class StepResultsProbeHandler : ITaskHandler<StepResultsProbe>
{
    public Task<string?> HandleAsync(StepResultsProbe task, TaskExecutionContext context, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(JsonSerializer.Serialize(new { step = context.StepId, seen = context.StepResults }));
}
