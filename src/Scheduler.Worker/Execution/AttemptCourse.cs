namespace Scheduler.Worker.Execution;

/// <summary>
/// How one attempt ran against its timeouts, apart from any I/O so it can be driven by a fake clock: the handler's
/// token fires at the soft timeout (or on a cluster-wide cancel, or shutdown); at the hard timeout the handler is
/// abandoned. Judged by <see cref="AttemptVerdict.Judge"/>.
/// </summary>
internal static class AttemptCourse
{
    /// <summary>
    /// Starts <paramref name="handle"/> and waits for it or the hard timeout. Returns its task, whether it was
    /// abandoned (then <paramref name="abandon"/> has been cancelled) and whether the soft timeout had fired.
    /// </summary>
    public static async Task<(Task<string?> Handling, bool Abandoned, bool SoftTimedOut)> RunAsync(Func<CancellationToken, Task<string?>> handle,
        EffectivePolicy policy, TimeProvider time, CancellationToken jobToken, CancellationToken cancelToken, CancellationTokenSource abandon)
    {
        using var softTimeout = new CancellationTokenSource(policy.SoftTimeout, time);
        using var soft = CancellationTokenSource.CreateLinkedTokenSource(jobToken, cancelToken, softTimeout.Token);
        // Not linked to the job token: on shutdown the handler gets until the hard timeout to stop, then is abandoned.
        using var hardStop = new CancellationTokenSource();
        Task<string?> handling;
        // A handler that throws before it returns its task (a failing constructor, an argument check, no handler for the
        // type) fails its attempt like one that throws later, so the attempt is judged and recorded.
        try { handling = handle(soft.Token); }
        catch (Exception e) { handling = Task.FromException<string?>(e); }
        var hard = Task.Delay(policy.HardTimeout, time, hardStop.Token);
        var finished = await Task.WhenAny(handling, hard);
        hardStop.Cancel();
        if (finished == handling) return (handling, false, softTimeout.IsCancellationRequested);
        soft.Cancel();
        abandon.Cancel();
        return (handling, true, true);
    }
}
