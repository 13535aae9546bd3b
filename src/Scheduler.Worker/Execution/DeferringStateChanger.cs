using Hangfire.States;
using Scheduler.Runtime.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The worker's state changer: a job's change to Succeeded, made by Hangfire's worker once the job body returned (the
/// run's outcome already in the run ledger), is deferred to <see cref="CompletionBatcher"/> instead of being applied by
/// the worker thread, which goes on to its next job. Only an occurrence job's (<see cref="DeferredCompletions.MayDefer"/>):
/// any other job, a change that carries a transaction, an acknowledge or a performance's custom data, and every change
/// once the worker is stopping, is <paramref name="inner"/>'s as before.
/// </summary>
internal sealed class DeferringStateChanger(IBackgroundJobStateChanger inner, DeferredCompletions completions)
    : IBackgroundJobStateChanger
{
    public IState? ChangeState(StateChangeContext context)
    {
        // Hangfire's worker expects the job to be Processing; the batch applies the state only if it still is, as the
        // worker's own change would. Custom data (a performance's items) would not reach a batch's filters: applied now.
        if (context.NewState is SucceededState && context.Transaction is null && context.CompleteJob is null
            && context.CustomData is not { Count: > 0 }
            && context.ExpectedStates?.SequenceEqual([ProcessingState.StateName], StringComparer.OrdinalIgnoreCase) == true
            && completions.TryDefer(context.BackgroundJobId, context.NewState))
            return context.NewState;
        return inner.ChangeState(context);
    }
}
