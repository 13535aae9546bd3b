using System.Diagnostics;
using System.Reflection;
using Hangfire.Common;
using Hangfire.Logging;
using Hangfire.States;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Hands back to its queue, a moment later, a job that failed inside Hangfire's own pipeline before our code ran: a
/// server filter's read of a job parameter failing while Redis restarts or stalls (a user's filter; Hangfire's culture
/// filter, which once did, no longer runs on occurrence jobs), the job's activation, its arguments' deserialization.
/// Hangfire retries nothing (the job method is <c>AutomaticRetry(Attempts = 0)</c> and the worker drops that filter too,
/// <see cref="OccurrenceFilterProvider"/>) because Polly owns task retries, so without this such a job ends Failed with its occurrence never run and nothing of ours aware of it
/// (the schedule has fired, no run was claimed, nothing is in flight). Re-running the job is safe: the worker claims the
/// run id before executing, so an occurrence runs once however often its job is delivered. Bounded by
/// <see cref="MaxRetries"/>, after which the job ends Failed as before.
/// </summary>
internal sealed class PipelineFailureRetryFilter(TimeProvider time) : IElectStateFilter
{
    /// <summary>Job parameter counting the hand-backs, so the bound holds across workers.</summary>
    public const string RetriesParameter = "SchedulerPipelineRetries";

    public const int MaxRetries = 5;

    private static readonly Assembly Ours = typeof(PipelineFailureRetryFilter).Assembly;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed || RaisedByOurCode(failed.Exception)) return;
        var retries = context.GetJobParameter<int>(RetriesParameter, allowStale: false) + 1;
        if (retries > MaxRetries) return;
        context.SetJobParameter(RetriesParameter, retries);
        // A short pause before the job can be fetched again: the usual cause is Redis briefly away, and an immediate
        // re-fetch would fail the same way. It holds only this worker thread, which this job already occupies.
        Task.Delay(TimeSpan.FromSeconds(Math.Min(retries, 3)), time).GetAwaiter().GetResult();
        var cause = Chain(failed.Exception).Last();
        var reason = $"Failed in Hangfire's pipeline before the task ran ({failed.Exception.GetType().Name}: {failed.Exception.Message}" +
            $"{(cause == failed.Exception ? "" : $" <- {cause.GetType().Name}: {cause.Message}")}); handed back {retries}/{MaxRetries}";
        Log.Warn($"Job {context.BackgroundJob.Id}: {reason}");
        context.CandidateState = new EnqueuedState(QueueOf(context)) { Reason = reason };
    }

    private static readonly ILog Log = LogProvider.GetLogger(typeof(PipelineFailureRetryFilter));

    /// <summary>
    /// Our job method's own failures (the task's outcome, a bookkeeping write given up) carry frames of this assembly;
    /// an exception from Hangfire's filters, activation or deserialization has none.
    /// </summary>
    internal static bool RaisedByOurCode(Exception exception) =>
        exception is TaskRunFailedException or TaskRunCancelledException or BookkeepingUnavailableException
        || Chain(exception).Any(e => new StackTrace(e, false).GetFrames().Any(f => f.GetMethod()?.DeclaringType?.Assembly == Ours));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException) yield return e;
    }

    // The queue the job was last enqueued to (a task's own queue, not necessarily "default").
    private static string QueueOf(ElectStateContext context)
    {
        try
        {
            var history = context.Storage.GetMonitoringApi().JobDetails(context.BackgroundJob.Id)?.History ?? [];
            foreach (var state in history)
                if (state.StateName == EnqueuedState.StateName && state.Data?.TryGetValue("Queue", out var queue) == true && !string.IsNullOrEmpty(queue))
                    return queue;
        }
        catch (Exception) { } // unreadable history: the default queue still runs it, only perhaps not where intended
        return EnqueuedState.DefaultQueue;
    }
}
