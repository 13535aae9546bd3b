using System.Text.Json;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A custom task type registered by a test: fails until its step's try reaches <see cref="SucceedOnStepAttempt"/>, then returns the attempt numbers it saw.</summary>
[TaskType("test_step_attempt")]
public sealed record StepAttemptProbe(int SucceedOnStepAttempt) : TaskDefinition;

/// <summary>Handler for <see cref="StepAttemptProbe"/>.</summary>
public sealed class StepAttemptProbeHandler : ITaskHandler<StepAttemptProbe>
{
    public Task<string?> HandleAsync(StepAttemptProbe task, TaskExecutionContext context, CancellationToken cancellationToken) =>
        context.StepAttempt < task.SucceedOnStepAttempt
            ? throw new InvalidOperationException($"step try {context.StepAttempt} of attempt {context.Attempt}")
            : Task.FromResult<string?>(JsonSerializer.Serialize(new { attempt = context.Attempt, stepAttempt = context.StepAttempt }));
}
