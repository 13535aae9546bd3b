using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Tasks;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Runs one occurrence through its handler with Polly retries (exponential backoff with jitter), a soft timeout that
/// cancels the handler and a hard timeout that abandons it, recording every attempt in the history.
/// </summary>
internal sealed partial class TaskExecutor(
    IServiceScopeFactory scopes,
    TaskHandlerRegistry handlers,
    ScheduleStore store,
    EventLog events,
    ProcessIdentity identity,
    IOptions<ExecutionOptions> defaults,
    TimeProvider time,
    ILogger<TaskExecutor> logger)
{
    public async Task ExecuteAsync(ScheduledTask task, string runId, DateTimeOffset? due, CancellationToken jobToken)
    {
        var policy = EffectivePolicy.Resolve(task.Task.Execution, defaults.Value);
        var attempt = 0;
        RunOutcome? last = null;
        await BuildPipeline(policy).ExecuteAsync(async token =>
        {
            attempt++;
            last = await RunAttemptAsync(task, runId, due, attempt, policy, token);
        }, jobToken);
        if (last is not RunOutcome.Succeeded) throw new TaskRunFailedException($"task {task.Id} run {runId} ended {last}");
    }

    private ResiliencePipeline BuildPipeline(EffectivePolicy policy)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (policy.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.BackoffBase,
                MaxDelay = policy.BackoffMax > TimeSpan.Zero ? policy.BackoffMax : null,
                ShouldHandle = new PredicateBuilder().Handle<RetryableAttemptException>(),
            });
        }
        return builder.Build();
    }

    private async Task<RunOutcome> RunAttemptAsync(
        ScheduledTask task, string runId, DateTimeOffset? due, int attempt, EffectivePolicy policy, CancellationToken jobToken)
    {
        var started = time.GetUtcNow();
        var context = new TaskExecutionContext(task.Id, runId, attempt, identity.Id);
        await events.PublishAsync(SchedulerEvents.Started, task.Id, [new("runId", runId), new("attempt", attempt.ToString())]);
        using var soft = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
        soft.CancelAfter(policy.SoftTimeout);
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
        await using var scope = scopes.CreateAsyncScope();

        var handling = handlers.HandleAsync(scope.ServiceProvider, task.Task, context, soft.Token);
        var hard = Task.Delay(policy.HardTimeout, time, hardStop.Token);
        var finished = await Task.WhenAny(handling, hard);
        hardStop.Cancel();

        RunOutcome outcome;
        string? error = null, result = null;
        var final = false;
        if (finished != handling)
        {
            soft.Cancel();
            (outcome, error) = (RunOutcome.TimedOut, $"hard timeout: abandoned after {policy.HardTimeout}");
            ObserveAbandoned(handling);
        }
        else if (handling.IsCompletedSuccessfully)
        {
            (outcome, result, final) = (RunOutcome.Succeeded, Cap(handling.Result), true);
        }
        else if (jobToken.IsCancellationRequested)
        {
            // Shutdown or cluster-wide cancel: Hangfire hands the job back (shutdown) or records the deletion.
            jobToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException(jobToken);
        }
        else if (handling.Exception?.InnerException is { } failure && failure is not OperationCanceledException)
        {
            (outcome, error) = (RunOutcome.Failed, failure.Message);
            final = failure is NonRetryableTaskException;
        }
        else
        {
            (outcome, error) = (RunOutcome.TimedOut, $"soft timeout: cancelled after {policy.SoftTimeout}");
        }
        final |= attempt > policy.MaxRetries;

        var run = new TaskRun
        {
            RunId = runId, TaskId = task.Id, Attempt = attempt, WorkerId = identity.Id, DueAt = due,
            StartedAt = started, FinishedAt = time.GetUtcNow(), Outcome = outcome, Error = error, Result = result, IsFinal = final,
        };
        await store.RecordAttemptAsync(run, task.Schedule.Kind == ScheduleKind.Once, task.Options.MaxRuns);
        await PublishOutcomeAsync(run);
        if (!final) throw new RetryableAttemptException(error ?? outcome.ToString());
        return outcome;
    }

    private async Task PublishOutcomeAsync(TaskRun run)
    {
        var type = run.Outcome == RunOutcome.Succeeded ? SchedulerEvents.Success
            : run.IsFinal ? SchedulerEvents.Failure : SchedulerEvents.Retry;
        await events.PublishAsync(type, run.TaskId,
            [new("runId", run.RunId), new("attempt", run.Attempt.ToString()), new("outcome", run.Outcome.ToString().ToLowerInvariant()),
             new("error", run.Error ?? ""), new("durationMs", ((long)run.Duration.TotalMilliseconds).ToString())]);
        if (run.IsFinal) LogRunFinished(run.TaskId, run.RunId, run.Attempt, run.Outcome, run.Error ?? "");
        if (run.IsFinal && await store.GetAsync(run.TaskId) is { Status: ScheduleStatus.Completed })
            await events.PublishAsync(SchedulerEvents.Completed, run.TaskId);
    }

    private string? Cap(string? text)
    {
        var max = defaults.Value.MaxResultLength;
        return text is null || text.Length <= max ? text : text[..max] + "…[truncated]";
    }

    private void ObserveAbandoned(Task handling) =>
        handling.ContinueWith(t => LogAbandonedEnded(t.Status.ToString()), TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} finished after {Attempts} attempt(s): {Outcome} {Error}")]
    private partial void LogRunFinished(string taskId, string runId, int attempts, RunOutcome outcome, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An abandoned attempt finally ended ({Status})")]
    private partial void LogAbandonedEnded(string status);
}
