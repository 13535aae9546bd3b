using System.Diagnostics;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Sequences;

/// <summary>
/// Runs a <see cref="SequenceTask"/>'s steps one at a time in <see cref="SequenceTask.ExecutionOrder"/>, each through
/// <see cref="TaskHandlerRegistry"/> (so custom task types and nested sequences work), within the sequence's attempt.
/// Sequential on purpose: the order and the result are deterministic and steps share the attempt's timeouts. A step's
/// own execution policy is honoured within the attempt: its retries (with its backoff), its soft timeout and its hard
/// timeout, after which the step is abandoned and failed. Each step sees earlier results in
/// <see cref="TaskExecutionContext.StepResults"/>. A failed step without continue-on-failure skips its dependents
/// (transitively) and fails the sequence once every runnable step has run. When no step names <c>dependsOn</c>, the list
/// is a chain: each step depends on the one before it, so a failure stops the steps after it.
/// </summary>
internal sealed class SequenceHandler(
    TaskHandlerRegistry handlers, IServiceProvider services, AttemptPipelines pipelines, IOptions<ExecutionOptions> defaults, TimeProvider time)
    : ITaskHandler<SequenceTask>
{
    public async Task<string?> HandleAsync(SequenceTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        var problems = task.Validate().ToList();
        if (problems.Count > 0) throw new NonRetryableTaskException(string.Join("; ", problems));
        var results = new Dictionary<string, string?>(StringComparer.Ordinal);
        var blocked = new HashSet<string>(StringComparer.Ordinal); // failed without continue-on-failure, or skipped
        var order = task.ExecutionOrder();
        var report = new SequenceReport(order, time);
        // Read if the attempt is abandoned while a step runs on (one that ignores its token): the record then still says
        // what each step came to, as it does when the sequence stops on its own.
        context.SoFar?.Set(report.Json);
        var waitsFor = WaitsFor(task);
        foreach (var step in order)
        {
            if (waitsFor(step).FirstOrDefault(blocked.Contains) is { } cause)
            {
                blocked.Add(step.Id);
                results[step.Id] = null;
                report.End(new StepOutcome(step.Id, step.Task.TypeName, StepStatus.Skipped, null, $"skipped: step \"{cause}\" did not succeed", 0));
                continue;
            }
            StepOutcome outcome;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcome = await RunStepAsync(step, context, results, report, cancellationToken);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                // The whole sequence is stopped (its soft timeout, a stop or cancel): the executor records why, and the
                // result keeps what each step came to, the interrupted one with whatever it had produced.
                report.Interrupt((e as TaskInterruptedException)?.PartialResult);
                throw new TaskInterruptedException(report.Json(), cancellationToken, e);
            }
            report.End(outcome);
            results[step.Id] = outcome.Result;
            if (outcome.Outcome == StepStatus.Failed && !step.ContinueOnFailure) blocked.Add(step.Id);
        }
        var json = report.Json();
        var failed = report.Finished.Where(o => o.Outcome == StepStatus.Failed && !task.Steps.First(s => s.Id == o.Id).ContinueOnFailure).ToList();
        if (failed.Count == 0) return json;
        var message = $"sequence step(s) failed: {string.Join("; ", failed.Select(f => $"{f.Id}: {f.Error}"))}; steps: {json}";
        // Non-retryable only when every failure was: a retry of the whole sequence cannot fix a bad step definition.
        if (failed.All(f => f.NonRetryable)) throw new NonRetryableTaskException(message);
        throw new SequenceFailedException(message);
    }

    // A list written without any dependsOn reads as "do this, then that" (Celery's chain, the seeds' task lists): a
    // failed backup must not be followed by its "backup complete" notification. Once any step names its dependencies,
    // the graph is what they say and a step without them waits for none.
    private static Func<SequenceStep, IEnumerable<string>> WaitsFor(SequenceTask task)
    {
        if (task.Steps.Any(s => s.DependsOn is { Count: > 0 })) return step => step.DependsOn ?? [];
        var previous = task.Steps.Zip(task.Steps.Skip(1)).ToDictionary(p => p.Second.Id, p => p.First.Id, StringComparer.Ordinal);
        return step => previous.TryGetValue(step.Id, out var before) ? [before] : [];
    }

    // A step runs through the same course as a task's attempt (soft timeout cancels it, hard timeout abandons it) and
    // through the same Polly retry pipeline, all within the sequence's attempt, whose own token and timeouts still
    // bound it. Unset values of the step's policy add nothing: no retry and no timeout of its own.
    private async Task<StepOutcome> RunStepAsync(SequenceStep step, TaskExecutionContext context,
        IReadOnlyDictionary<string, string?> results, SequenceReport report, CancellationToken cancellationToken)
    {
        // The step's own slot: a nested sequence's steps so far, shown as this step's result if it is cut short.
        var soFar = new PartialResultSlot();
        report.Start(step.Id, soFar);
        var stepContext = context with
        {
            StepId = step.Id, StepPath = context.StepPath is null ? step.Id : $"{context.StepPath}/{step.Id}",
            StepResults = new Dictionary<string, string?>(results), SoFar = soFar,
        };
        var policy = StepPolicy(step.Task.Execution);
        var started = time.GetTimestamp();
        var attempts = 0;
        StepOutcome? last = null;
        await pipelines.For(policy).ExecuteAsync(async _ =>
        {
            attempts++;
            report.Try();
            last = await RunStepOnceAsync(step, stepContext with { StepAttempt = attempts }, policy, cancellationToken);
            if (last.Outcome == StepStatus.Failed && !last.NonRetryable && attempts <= policy.MaxRetries)
                throw new RetryableAttemptException(last.Error ?? "step failed");
        }, cancellationToken);
        return last! with { DurationMs = Elapsed(started), Attempts = attempts };
    }

    private async Task<StepOutcome> RunStepOnceAsync(SequenceStep step, TaskExecutionContext stepContext, EffectivePolicy policy,
        CancellationToken cancellationToken)
    {
        // The step's own abandonment also fires when the whole sequence is abandoned, so a step's process is released either way.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(stepContext.Abandoned);
        var attemptContext = stepContext with { Abandoned = abandon.Token };
        var (handling, abandoned, softTimedOut) = await AttemptCourse.RunAsync(
            token => handlers.HandleAsync(services, step.Task, attemptContext, token), policy, time, cancellationToken, CancellationToken.None, abandon);
        var type = step.Task.TypeName;
        if (abandoned)
        {
            _ = handling.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed: it ends on its own, unwatched
            return new StepOutcome(step.Id, type, StepStatus.Failed, null, $"step hard timeout: abandoned after {policy.HardTimeout}", 0);
        }
        if (handling.IsCompletedSuccessfully) return new StepOutcome(step.Id, type, StepStatus.Succeeded, handling.Result, null, 0);
        // The whole sequence is being stopped: the executor records why.
        if (cancellationToken.IsCancellationRequested)
            throw TaskInterruptedException.PartialResultOf(handling) is { } partial
                ? new TaskInterruptedException(partial, cancellationToken)
                : new OperationCanceledException(cancellationToken);
        if (handling.Exception?.InnerException is { } failure && failure is not OperationCanceledException)
            return new StepOutcome(step.Id, type, StepStatus.Failed, null, failure.Message, 0) { NonRetryable = failure is NonRetryableTaskException };
        var reason = softTimedOut ? $"step soft timeout after {policy.SoftTimeout}" : $"cancelled by the step's own code: {handling.Exception?.InnerException?.Message ?? "its task was cancelled"}";
        return new StepOutcome(step.Id, type, StepStatus.Failed, null, reason, 0);
    }

    private EffectivePolicy StepPolicy(ExecutionPolicy? own) => new(
        own?.MaxRetries ?? 0,
        own?.BackoffBase ?? defaults.Value.BackoffBase,
        own?.BackoffMax ?? defaults.Value.BackoffMax,
        own?.SoftTimeout ?? Timeout.InfiniteTimeSpan,
        own?.HardTimeout ?? Timeout.InfiniteTimeSpan);

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;
}
