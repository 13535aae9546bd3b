using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Sequences;

/// <summary>
/// Runs a <see cref="SequenceTask"/>'s steps one at a time in <see cref="SequenceTask.ExecutionOrder"/>, each through
/// <see cref="TaskHandlerRegistry"/> (so custom task types and nested sequences work), within the sequence's attempt.
/// Sequential on purpose: the order and the result are deterministic and steps share the attempt's timeouts. Each step
/// sees earlier results in <see cref="TaskExecutionContext.StepResults"/>. A failed step without continue-on-failure
/// skips its dependents (transitively) and fails the sequence once every runnable step has run.
/// </summary>
internal sealed class SequenceHandler(TaskHandlerRegistry handlers, IServiceProvider services, TimeProvider time) : ITaskHandler<SequenceTask>
{
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<string?> HandleAsync(SequenceTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        var problems = task.Validate().ToList();
        if (problems.Count > 0) throw new NonRetryableTaskException(string.Join("; ", problems));
        var results = new Dictionary<string, string?>(StringComparer.Ordinal);
        var blocked = new HashSet<string>(StringComparer.Ordinal); // failed without continue-on-failure, or skipped
        var outcomes = new List<StepOutcome>();
        foreach (var step in task.ExecutionOrder())
        {
            if ((step.DependsOn ?? []).FirstOrDefault(blocked.Contains) is { } cause)
            {
                blocked.Add(step.Id);
                results[step.Id] = null;
                outcomes.Add(new StepOutcome(step.Id, step.Task.TypeName, StepStatus.Skipped, null, $"skipped: step \"{cause}\" did not succeed", 0));
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await RunStepAsync(step, context, results, cancellationToken);
            outcomes.Add(outcome);
            results[step.Id] = outcome.Result;
            if (outcome.Outcome == StepStatus.Failed && !step.ContinueOnFailure) blocked.Add(step.Id);
        }
        var json = JsonSerializer.Serialize(new SequenceResult(outcomes), ResultJson);
        var failed = outcomes.Where(o => o.Outcome == StepStatus.Failed && !task.Steps.First(s => s.Id == o.Id).ContinueOnFailure).ToList();
        if (failed.Count == 0) return json;
        var message = $"sequence step(s) failed: {string.Join("; ", failed.Select(f => $"{f.Id}: {f.Error}"))}; steps: {json}";
        // Non-retryable only when every failure was: a retry of the whole sequence cannot fix a bad step definition.
        if (failed.All(f => f.NonRetryable)) throw new NonRetryableTaskException(message);
        throw new SequenceFailedException(message);
    }

    private async Task<StepOutcome> RunStepAsync(SequenceStep step, TaskExecutionContext context,
        IReadOnlyDictionary<string, string?> results, CancellationToken cancellationToken)
    {
        var stepContext = context with
        {
            StepId = step.Id, StepPath = context.StepPath is null ? step.Id : $"{context.StepPath}/{step.Id}",
            StepResults = new Dictionary<string, string?>(results),
        };
        using var stepTimeout = step.Task.Execution?.SoftTimeout is { } soft ? new CancellationTokenSource(soft, time) : new CancellationTokenSource();
        using var stepToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stepTimeout.Token);
        var started = time.GetTimestamp();
        try
        {
            var result = await handlers.HandleAsync(services, step.Task, stepContext, stepToken.Token);
            return new StepOutcome(step.Id, step.Task.TypeName, StepStatus.Succeeded, result, null, Elapsed(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the whole sequence is being stopped: the executor records why
        }
        catch (OperationCanceledException)
        {
            return new StepOutcome(step.Id, step.Task.TypeName, StepStatus.Failed, null,
                $"step soft timeout after {step.Task.Execution?.SoftTimeout}", Elapsed(started));
        }
        catch (Exception e)
        {
            return new StepOutcome(step.Id, step.Task.TypeName, StepStatus.Failed, null, e.Message, Elapsed(started))
            {
                NonRetryable = e is NonRetryableTaskException,
            };
        }
    }

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    private enum StepStatus { Succeeded, Failed, Skipped }

    private sealed record StepOutcome(string Id, string Type, StepStatus Outcome, string? Result, string? Error, long DurationMs)
    {
        [JsonIgnore] public bool NonRetryable { get; init; }
    }

    private sealed record SequenceResult(IReadOnlyList<StepOutcome> Steps);
}
