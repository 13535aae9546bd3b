namespace Scheduler.Worker.Execution;

/// <summary>
/// How one attempt ran against its timeouts, apart from any I/O so it can be driven by a fake clock: the handler's
/// token fires at the soft timeout (or on a cluster-wide cancel, or shutdown); at the hard timeout the handler is
/// abandoned. Judged by <see cref="AttemptVerdict.Judge"/>.
/// </summary>
internal static class AttemptCourse
{
    /// <summary>How long a handler has to return once its run is stopped or its task cancelled, unless configured.</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Starts <paramref name="handle"/> and waits for it or the hard timeout. Returns its task, whether it was
    /// abandoned (then <paramref name="abandon"/> has been cancelled) and whether the soft timeout had fired.
    /// </summary>
    /// <remarks>
    /// A stop or cancel of the run (<paramref name="cancelToken"/>) gives the handler <see cref="EffectivePolicy.StopGrace"/> to return,
    /// then abandons it as the hard timeout would: a handler that ignores its token (a method without one, a plugin
    /// that never looks) would otherwise go on for up to the hard timeout and be recorded succeeded after "stopped".
    /// </remarks>
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
        // The grace's timer starts inside the stop's own callback, not in a continuation queued after it: counted from the
        // stop itself, and there before whoever stopped the run goes on (a continuation could start it any time later).
        var stopGraceOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStop = cancelToken.Register(() => Task.Delay(policy.StopGrace, time, hardStop.Token)
            .ContinueWith(grace => { if (grace.IsCompletedSuccessfully) stopGraceOver.TrySetResult(); }, TaskScheduler.Default));
        var finished = await Task.WhenAny(handling, hard, stopGraceOver.Task);
        hardStop.Cancel();
        if (finished == handling) return (handling, false, softTimeout.IsCancellationRequested);
        soft.Cancel();
        abandon.Cancel();
        return (handling, true, true);
    }
}
