using System.Collections.Concurrent;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The task runs executing on this worker, by task id, so a cluster-wide cancel (see
/// <see cref="TaskCancellationListener"/>) can cancel their attempts. Cancelling here is distinct from host shutdown:
/// a cancelled run is recorded as <c>Cancelled</c> and never retried, while shutdown hands the job back to Hangfire.
/// </summary>
internal sealed class RunningAttempts
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Registration, byte>> _byTask = new(StringComparer.Ordinal);

    /// <summary>Registers run <paramref name="runId"/> of <paramref name="taskId"/>; dispose the result when the run ends.</summary>
    public Registration Register(string taskId, string runId)
    {
        // A run now is known by its id; a retry or backfill only once claimed (RunStart.Request).
        var registration = new Registration(this, taskId, runId) { ByHand = Contracts.Storage.ScheduleStore.IsRunNow(runId) };
        _byTask.GetOrAdd(taskId, _ => new()).TryAdd(registration, 0);
        return registration;
    }

    /// <summary>
    /// Cancels every registered run of <paramref name="taskId"/> (<paramref name="replaced"/>: by overlap cancelPrevious,
    /// for a newer run, which leaves a run asked for by hand alone; <paramref name="sparingByHand"/>: those left for a
    /// check of the task's record); returns how many there were.
    /// </summary>
    public int Cancel(string taskId, bool replaced = false, bool sparingByHand = false)
    {
        if (!_byTask.TryGetValue(taskId, out var runs)) return 0;
        var count = 0;
        foreach (var run in runs.Keys)
        {
            if ((replaced || sparingByHand) && run.ByHand) continue;
            // Counted once: the sweep meets a run still in its stop grace, which its cancel already reached.
            if (run.IsCancelled) continue;
            run.Cancel(replaced);
            count++;
        }
        return count;
    }

    /// <summary>
    /// Overlap cancelPrevious's message: run <paramref name="replacingRunId"/> (null from a Beat that did not send it)
    /// replaces the runs of <paramref name="taskId"/> fired before it, and raised the task's count to
    /// <paramref name="replacedRuns"/>. A claimed run stops when it was claimed under a lower count, or under this one
    /// without being the replacing run (fired before it, claimed after the raise); a newer run, claimed after a later
    /// raise, never does however late the message, and neither does the replacing run, which a worker may claim before
    /// the raise (Beat raises with the fire's commit, after making its job). A run not yet claimed is left to its claim
    /// (<see cref="Registration.Claimed"/>), since only the claim tells a retry or backfill asked for by hand. Never a run
    /// asked for by hand. Returns how many stopped now.
    /// </summary>
    public int Replace(string taskId, long replacedRuns, string? replacingRunId)
    {
        if (!_byTask.TryGetValue(taskId, out var runs)) return 0;
        return runs.Keys.Count(run => run.ReplaceBy(replacedRuns, replacingRunId));
    }

    /// <summary>
    /// Cancels the registered runs of <paramref name="taskId"/> claimed before overlap cancelPrevious's count reached
    /// <paramref name="replacedRuns"/>: a newer run replaced them (never a run asked for by hand, nor the task's
    /// <paramref name="replacingRunId"/>, which may have been claimed before its own raise). Returns how many there were.
    /// </summary>
    public int CancelReplaced(string taskId, long replacedRuns, string? replacingRunId)
    {
        if (!_byTask.TryGetValue(taskId, out var runs)) return 0;
        var count = 0;
        foreach (var run in runs.Keys)
        {
            if (run.ReplacedRuns >= replacedRuns || run.IsCancelled || run.ByHand || run.RunId == replacingRunId) continue;
            run.Cancel(replaced: true);
            count++;
        }
        return count;
    }

    /// <summary>
    /// Stops run <paramref name="runId"/> if it is registered here: stopped by hand by <paramref name="by"/>, its task
    /// going on. Returns whether it was.
    /// </summary>
    public bool Stop(string runId, string by)
    {
        var found = false;
        foreach (var run in _byTask.Values.SelectMany(runs => runs.Keys).Where(r => r.RunId == runId && !r.IsCancelled))
        {
            run.Stop(by);
            found = true;
        }
        return found;
    }

    /// <summary>The ids of the runs in progress here that no cancel or stop has reached yet.</summary>
    public IReadOnlyCollection<string> RunIds => [.. _byTask.Values.SelectMany(runs => runs.Keys).Where(r => !r.IsCancelled).Select(r => r.RunId).Distinct()];

    /// <summary>Whether a registered run of <paramref name="taskId"/> was asked for by hand.</summary>
    public bool AnyByHand(string taskId) => _byTask.TryGetValue(taskId, out var runs) && runs.Keys.Any(r => r.ByHand && !r.IsCancelled);

    /// <summary>Task ids with at least one run in progress.</summary>
    public IReadOnlyCollection<string> TaskIds => [.. _byTask.Where(p => !p.Value.IsEmpty).Select(p => p.Key)];

    private void Remove(Registration registration)
    {
        if (!_byTask.TryGetValue(registration.TaskId, out var runs)) return;
        runs.TryRemove(registration, out _);
        // Drop the empty set unless another run registered meanwhile.
        if (runs.IsEmpty) _byTask.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Registration, byte>>(registration.TaskId, runs));
    }

    /// <summary>One run's membership; <see cref="Token"/> fires when the task is cancelled cluster-wide.</summary>
    public sealed class Registration(RunningAttempts owner, string taskId, string runId) : IDisposable
    {
        private readonly CancellationTokenSource _cancelled = new();
        private readonly Lock _claim = new();
        // Unknown until the run is claimed: no count can replace it before then (the cancel message still can).
        private long _replacedRuns = long.MaxValue;
        private bool _claimed;
        // The highest count a message announced before the claim, and the run that replace was for.
        private long _heardCount = long.MinValue;
        private string? _heardReplacing;
        // The highest replace count made before this run's fire (null: not known): a replace that raised the count to it or
        // below is not for a run newer than this one, however late its message. The count its ledger says it was fired
        // under, or, claimed before Beat wrote its fire, the count its claim read, whichever is higher.
        private long? _sparedUpTo;
        private bool _replaced;
        private bool _byHand;
        private string? _stoppedBy;
        private Runtime.Storage.UnstartedAttempt? _unstarted;

        public string TaskId { get; } = taskId;

        public string RunId { get; } = runId;

        public CancellationToken Token => _cancelled.Token;

        public bool IsCancelled => _cancelled.IsCancellationRequested;

        /// <summary>The task's overlap cancelPrevious count when this run was claimed (<c>RunStart.ReplacedRuns</c>).</summary>
        public long ReplacedRuns
        {
            get => Volatile.Read(ref _replacedRuns);
            private set => Volatile.Write(ref _replacedRuns, value);
        }

        /// <summary>
        /// An operator asked for this run (run now, a retry, a backfill): a scheduled occurrence never replaces it under
        /// overlap cancelPrevious, but waits for it, as overlap queue does.
        /// </summary>
        public bool ByHand
        {
            get => Volatile.Read(ref _byHand);
            set => Volatile.Write(ref _byHand, value);
        }

        /// <summary>
        /// Records the claim: the task's overlap cancelPrevious count then, and whether an operator asked for the run. A
        /// replace announced before it that raised the count to the one claimed under, for another run, stops the run now:
        /// it was fired before that run (an older occurrence that waited at the flow gate). The replacing run itself, or a
        /// retry asked for by hand, goes on; a replace heard under a lower count was followed by another, whose own
        /// message (or the sweep, for a lower count) decides.
        /// </summary>
        /// <remarks>
        /// No message need have been heard: a run whose ledger says it was fired under a lower count
        /// (<paramref name="firedUnder"/>, <c>RunStart.FiredUnder</c>) and that is not the task's
        /// <paramref name="replacingRunId"/> was replaced before this claim (re-delivered after its worker went away, or
        /// queued while no worker held it when the message went out), and stops now too. A run whose ledger does not say
        /// (fired by an older Beat, or before the task's overlap was cancelPrevious) is judged as before. A run claimed
        /// before Beat wrote its fire (<paramref name="claimedBeforeFire"/>, <c>RunStart.ClaimedBeforeFire</c>) was fired
        /// after every replace its count holds: none of those stops it, at its claim or after, however late its message.
        /// Nor does a replace stop a run whose ledger says it was fired under that replace's count or a higher one: the
        /// raise came before its fire (a trigger that replaced nothing, reserved after another trigger's replace; an
        /// occurrence fired with nothing running after the replace before it), however late that replace's message.
        /// </remarks>
        public void Claimed(long replacedRuns, bool byHand, long? firedUnder = null, string? replacingRunId = null, bool claimedBeforeFire = false)
        {
            bool replaced;
            lock (_claim)
            {
                ReplacedRuns = replacedRuns;
                if (byHand) ByHand = true;
                _claimed = true;
                _sparedUpTo = claimedBeforeFire && !(firedUnder >= replacedRuns) ? replacedRuns : firedUnder;
                replaced = !ByHand && ((!(_sparedUpTo >= replacedRuns) && _heardCount == replacedRuns && _heardReplacing is not null && _heardReplacing != RunId)
                    || (firedUnder < replacedRuns && replacingRunId != RunId));
            }
            if (replaced) Cancel(replaced: true);
        }

        // Claimed: stopped now when claimed under a lower count, or under this count for another run, unless it is the
        // replacing run itself (claimed before Beat's commit raised the count for it). Not yet: remembered for the claim,
        // which alone tells whether an operator asked for the run.
        internal bool ReplaceBy(long replacedRuns, string? replacingRunId)
        {
            long? sparedUpTo;
            lock (_claim)
            {
                if (!_claimed)
                {
                    if (replacedRuns != long.MaxValue && replacedRuns > _heardCount) (_heardCount, _heardReplacing) = (replacedRuns, replacingRunId);
                    return false;
                }
                sparedUpTo = _sparedUpTo;
            }
            if (ByHand || IsCancelled || replacingRunId == RunId || sparedUpTo >= replacedRuns) return false;
            var replaced = ReplacedRuns < replacedRuns || (ReplacedRuns == replacedRuns && replacingRunId is not null);
            if (replaced) Cancel(replaced: true);
            return replaced;
        }

        /// <summary>
        /// The attempt this delivery claimed whose handler has not started; null before a claim and once the handler starts
        /// (or its attempt is recorded without it). A stop in between hands the run back with that claim withdrawn.
        /// </summary>
        public Runtime.Storage.UnstartedAttempt? Unstarted
        {
            get => Volatile.Read(ref _unstarted);
            set => Volatile.Write(ref _unstarted, value);
        }

        /// <summary>Overlap cancelPrevious cancelled this run for a newer one (its outcome says so).</summary>
        public bool Replaced => Volatile.Read(ref _replaced);

        /// <summary>Who stopped this run by hand, its task going on (its outcome says so); null when no one did.</summary>
        public string? StoppedBy => Volatile.Read(ref _stoppedBy);

        public void Stop(string by)
        {
            Volatile.Write(ref _stoppedBy, by);
            Cancel();
        }

        // The replaced and plain cancel messages of one cancelPrevious may be handled in either order: a replace always marks.
        public void Cancel(bool replaced = false)
        {
            if (replaced) Volatile.Write(ref _replaced, true);
            try { _cancelled.Cancel(); }
            catch (ObjectDisposedException) { } // the run ended while the signal arrived
        }

        public void Dispose()
        {
            owner.Remove(this);
            _cancelled.Dispose();
        }
    }
}
