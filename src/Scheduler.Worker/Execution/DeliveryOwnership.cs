using Hangfire.Server;
using Hangfire.States;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Whether a delivery's Hangfire job is still its own: "Processing" under this worker thread's server and worker ids. A
/// job re-queued (its worker judged dead, or its run released by Beat's reconciler) and fetched again is "Processing"
/// under the new delivery's, and Hangfire's worker would commit this delivery's Succeeded over it: the job would read
/// Succeeded while it runs elsewhere, and that delivery's own final state change would find it no longer Processing.
/// </summary>
internal static class DeliveryOwnership
{
    /// <summary>
    /// True while the job of <paramref name="context"/> is this delivery's (and without a Hangfire context, which has no
    /// other delivery). One read of the job's state, made by Hangfire's own check (the job's cancellation token compares
    /// the server and worker ids it started the job under); a job found taken is aborted for this delivery there.
    /// </summary>
    public static bool StillHeld(PerformContext? context)
    {
        if (context?.CancellationToken is not { } token) return true;
        try
        {
            token.ThrowIfCancellationRequested();
            return true;
        }
        catch (JobAbortedException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            // The worker's stop timed out, and the token says so before it looks at the job: judged by its server alone
            // (another delivery on this server, a rare case on a stopping one, is then taken for this one).
            try { return ProcessingOn(context); }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException) { return false; }
        }
        // Not known: taken as not held. A Succeeded written over another delivery's Processing gets that delivery's run
        // aborted by its job's cancellation check; a job of this delivery left Processing is queued again by Beat's sweep
        // once this worker no longer holds it, and its next delivery finds the run done.
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return false;
        }
    }

    private static bool ProcessingOn(PerformContext context)
    {
        var state = context.Connection.GetStateData(context.BackgroundJob.Id);
        return state is not null && string.Equals(state.Name, ProcessingState.StateName, StringComparison.OrdinalIgnoreCase)
            && state.Data.TryGetValue("ServerId", out var server) && string.Equals(server, context.ServerId, StringComparison.OrdinalIgnoreCase);
    }
}
