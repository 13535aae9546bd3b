using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>A fault the harness injected, from when it began to when the harness undid it.</summary>
public sealed record FaultEvent(string Name, DateTimeOffset At, DateTimeOffset Until);

/// <summary>One row of the table: occurrences and what became of them.</summary>
public sealed class TallyRow(string name)
{
    public string Name { get; } = name;
    public int Scheduled { get; set; }
    public int Once { get; set; }
    public int Lost { get; set; }
    public int Twice { get; set; }
    public int Early { get; set; }
    public int LeftRunning { get; set; }
    /// <summary>Lost or run twice because Redis itself lost acknowledged writes (kill -9 inside its fsync window).</summary>
    public int FsyncWindow { get; set; }
    /// <summary>
    /// Run twice because the worker of its first execution was killed -9 after the side effect ended and before the
    /// outcome was recorded: at-least-once's inherent window (handlers must be idempotent), counted apart.
    /// </summary>
    public int KillWindow { get; set; }
    /// <summary>Started more than once because a worker died or stopped under it, yet completed once.</summary>
    public int Rerun { get; set; }
    /// <summary>Shell commands that finished on their own after their worker was killed -9 (the occurrence re-ran elsewhere).</summary>
    public int Orphaned { get; set; }
    /// <summary>Occurrences where Scheduler's run history disagrees with the side channel.</summary>
    public int HistoryDisagrees { get; set; }
}

/// <summary>What the harness knows of one schedule at the end: Scheduler's record and run history.</summary>
/// <param name="Diagnostics">The raw state behind it (due-index score, firing counters), for anomaly reports.</param>
public sealed record Recorded(ScheduledTask? Task, IReadOnlyList<TaskRun> Runs, string Diagnostics = "");

/// <summary>Counts, from the side channel and the recorded history, what became of each occurrence.</summary>
public sealed class FaultTally
{
    private static readonly TimeSpan FsyncWindow = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan ReapLag = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestTask = TimeSpan.FromSeconds(2.5);
    private readonly IReadOnlyList<FaultEvent> _faults;
    private readonly IReadOnlyList<DateTimeOffset> _redisKills;
    private readonly IReadOnlyList<ProcessKill> _workerKills;

    /// <param name="faults">The faults injected.</param>
    /// <param name="kills">The supervisor's kill log (process ids), to tell at-least-once's kill window apart.</param>
    public FaultTally(IReadOnlyList<FaultEvent> faults, IReadOnlyList<ProcessKill>? kills = null)
    {
        _faults = faults;
        _workerKills = [.. (kills ?? []).Where(k => k.Project == "Scheduler.Worker")];
        _redisKills = [.. faults.Where(f => f.Name == FaultKind.RedisKill.ToString()).Select(f => f.At)];
        Total = new TallyRow("total");
    }

    public TallyRow Total { get; }
    public SortedDictionary<string, TallyRow> ByKind { get; } = [];
    public Dictionary<string, TallyRow> ByFault { get; } = [];

    /// <summary>Each anomaly, precisely: which occurrence, what the side channel and the history show, under which fault.</summary>
    public List<string> Anomalies { get; } = [];

    /// <summary>First execution minus due instant, per occurrence that ran.</summary>
    public List<TimeSpan> Lateness { get; } = [];

    /// <summary>Every occurrence as a CSV line (id, kind, run, due, first seen, completions, starts, fault), for a closer look.</summary>
    public List<string> Csv { get; } = ["id,kind,run,due,seen,completions,starts,orphans,early,ledger_successes,fault"];

    /// <param name="work">Every planned schedule.</param>
    /// <param name="side">Executions as the work reported them.</param>
    /// <param name="recorded">Scheduler's record of each schedule, by id.</param>
    /// <param name="stranded">Task id → since when it has been left running / in flight at the end.</param>
    public void Count(IReadOnlyList<PlannedWork> work, SideChannel side, IReadOnlyDictionary<string, Recorded> recorded,
        IReadOnlyDictionary<string, DateTimeOffset> stranded)
    {
        foreach (var item in work.Where(w => w.AckedAt is not null))
        {
            var record = recorded[item.Id];
            foreach (var occurrence in Occurrences(item, side, record))
                Add(item, record, occurrence, stranded.ContainsKey(item.Id) && occurrence.Index == 0);
        }
        foreach (var (id, since) in stranded.Where(s => !work.Any(w => w.Id == s.Key)))
            Anomalies.Add($"left running: {id} (not a planned schedule) since {since:HH:mm:ss.fff}");
    }

    private sealed record Occurrence(int Index, string? RunId, DateTimeOffset Due, DateTimeOffset When, int Completions, int Starts, int Orphans,
        DateTimeOffset? FirstCompletion, bool Early, int LedgerSuccesses, string Evidence, bool AttemptRepeated = false);

    private static IEnumerable<Occurrence> Occurrences(PlannedWork item, SideChannel side, Recorded record)
    {
        var shell = side.Shell[item.Id].ToList();
        var deliveries = side.Deliveries[item.Id].OrderBy(d => d.At).ToList();
        var starts = shell.Where(l => !l.End).OrderBy(l => l.At).ToList();
        var succeeded = record.Runs.Where(r => r.Outcome == RunOutcome.Succeeded).ToList();
        string Evidence(IEnumerable<TaskRun> runs) =>
            $"shell: [{string.Join(", ", shell.OrderBy(l => l.At).Select(l => $"{(l.End ? "end" : "start")} {l.At:HH:mm:ss.fff}{(l.Orphan ? " orphan" : "")}"))}] " +
            $"webhook: [{string.Join(", ", deliveries.Select(d => $"{d.RunId}#{d.Attempt} {d.At:HH:mm:ss.fff}"))}] " +
            $"history: [{string.Join(", ", runs.OrderBy(r => r.StartedAt).Select(r => $"{r.RunId}#{r.Attempt} {r.Outcome} {r.WorkerId} {r.Error}"))}] " +
            $"status: {record.Task?.Status.ToString() ?? "gone"} {record.Diagnostics}";

        switch (item.Kind)
        {
            case WorkKind.Shell:
            {
                var ends = shell.Where(l => l.End && !l.Orphan).OrderBy(l => l.At).ToList();
                yield return new Occurrence(0, null, item.DueAt, starts.FirstOrDefault()?.At ?? item.DueAt, ends.Count, starts.Count,
                    shell.Count(l => l.Orphan), ends.FirstOrDefault()?.At, starts.Any(s => s.At < item.DueAt), succeeded.Count, Evidence(record.Runs));
                break;
            }
            case WorkKind.Instant or WorkKind.Notification or WorkKind.Sequence:
                yield return new Occurrence(0, deliveries.FirstOrDefault()?.RunId, item.DueAt, deliveries.FirstOrDefault()?.At ?? item.DueAt, deliveries.Count,
                    Math.Max(starts.Count, deliveries.Select(d => d.Attempt).DefaultIfEmpty(0).Max()), shell.Count(l => l.Orphan),
                    deliveries.FirstOrDefault()?.At, deliveries.Any(d => d.At < item.DueAt) || starts.Any(s => s.At < item.DueAt),
                    succeeded.Count, Evidence(record.Runs), deliveries.GroupBy(d => (d.RunId, d.Attempt)).Any(g => g.Count() > 1));
                break;
            case WorkKind.Recurring:
            {
                var byRun = deliveries.GroupBy(d => d.RunId).OrderBy(g => g.First().At).ToList();
                var index = 0;
                foreach (var run in byRun)
                {
                    var due = record.Runs.FirstOrDefault(r => r.RunId == run.Key)?.DueAt ?? item.DueAt;
                    // Occurrences beyond maxRuns ran although they should not exist: counted as run twice.
                    var completions = index < item.Occurrences ? run.Count() : run.Count() + 1;
                    yield return new Occurrence(index, run.Key, due, run.First().At, completions, run.Max(d => d.Attempt), 0, run.First().At,
                        run.Any(d => d.At < due || d.At < item.DueAt), succeeded.Count(r => r.RunId == run.Key),
                        Evidence(record.Runs.Where(r => r.RunId == run.Key)), run.GroupBy(d => d.Attempt).Any(g => g.Count() > 1));
                    index++;
                }
                for (; index < item.Occurrences; index++)
                    yield return new Occurrence(index, null, item.DueAt, item.DueAt, 0, 0, 0, null, false, 0, Evidence(record.Runs));
                break;
            }
        }
    }

    private void Add(PlannedWork item, Recorded record, Occurrence o, bool leftRunning)
    {
        var fault = FaultAt(o.When);
        var rows = new[] { Total, Row(ByKind, item.Kind.ToString()), Row(ByFault, fault?.Name ?? "before any fault") };
        // Redis's own loss shows as a schedule acknowledged just before a kill -9 and gone after it, or as an occurrence
        // that completed just before the kill and whose first attempt left no trace in the history (rolled back), or that
        // was executed twice as the same attempt: the run ledger never hands one attempt number out twice, so the second
        // claim found the first one's gone (the re-run then wrote attempt 1 again).
        var inFsyncWindow = (record.Task is null && _redisKills.Any(k => item.AckedAt <= k && item.AckedAt > k - FsyncWindow))
            || (o.FirstCompletion is { } first && _redisKills.Any(k => first <= k && first > k - FsyncWindow)
                && (o.AttemptRepeated || !record.Runs.Any(r => r.Attempt == 1 && (o.RunId is null || r.RunId == o.RunId))));
        var killWindow = !inFsyncWindow && o.Completions > 1 && KillWindowEvidence(record, o) is not null;
        var where = $"{item.Id}{(o.RunId is null ? "" : $" run {o.RunId}")} ({item.Kind}, due {item.DueAt:HH:mm:ss.fff}, acked {item.AckedAt:HH:mm:ss.fff}, " +
            $"{(fault is null ? "before any fault" : $"after {fault.Name} at {fault.At:HH:mm:ss.fff}")})";
        if (o.Completions > 0 && o.When >= o.Due) lock (Lateness) Lateness.Add(o.When - o.Due);
        Csv.Add($"{item.Id},{item.Kind},{o.RunId},{item.DueAt:HH:mm:ss.fff},{o.When:HH:mm:ss.fff},{o.Completions},{o.Starts},{o.Orphans},{o.Early},{o.LedgerSuccesses},{fault?.Name}@{fault?.At:HH:mm:ss.fff}");
        foreach (var row in rows)
        {
            row.Scheduled++;
            if (o.Completions == 1) row.Once++;
            if (o.Starts > 1 && o.Completions == 1) row.Rerun++;
            row.Orphaned += o.Orphans;
            if (leftRunning) row.LeftRunning++;
            if (o.Early) row.Early++;
            if ((o.Completions == 0 || o.Completions > 1) && inFsyncWindow) row.FsyncWindow++;
            else if (killWindow) row.KillWindow++;
            else if (o.Completions == 0) row.Lost++;
            else if (o.Completions > 1) row.Twice++;
            if ((o.Completions > 0) != (o.LedgerSuccesses > 0) || o.LedgerSuccesses > 1) row.HistoryDisagrees++;
        }
        if (o.Completions != 1)
            Anomalies.Add($"{(o.Completions == 0 ? "lost" : "ran twice")}{(inFsyncWindow ? " (Redis fsync window)" : "")}" +
                $"{(killWindow ? $" (kill window: {KillWindowEvidence(record, o)})" : "")}: {where}: {o.Evidence}");
        if (o.Early) Anomalies.Add($"started early: {where}: {o.Evidence}");
        if (leftRunning) Anomalies.Add($"left running: {where}: {o.Evidence}");
        else if ((o.Completions > 0) != (o.LedgerSuccesses > 0) || o.LedgerSuccesses > 1)
            Anomalies.Add($"history disagrees: {where}: {o.Evidence}");
    }

    /// <summary>
    /// The kill that explains a second execution, if there is one: the first recorded attempt of the run recorded no
    /// success (its outcome was never written) and its worker's process was killed -9 after that execution began and
    /// before the next attempt began, with the execution's side effect (shell <c>end</c> line, webhook delivery) complete
    /// no later than <see cref="ReapLag"/> after the kill was sent: a killed worker still looks alive to its shell
    /// command until it is reaped, and an end line its command wrote after the worker was truly gone says "orphan" and is
    /// not counted as a completion.
    /// </summary>
    private string? KillWindowEvidence(Recorded record, Occurrence o)
    {
        if (o.FirstCompletion is not { } ended) return null;
        var attempts = record.Runs.Where(r => o.RunId is null || r.RunId == o.RunId).OrderBy(r => r.Attempt).ToList();
        if (attempts.Count == 0 || attempts[0].Outcome == RunOutcome.Succeeded && attempts[0].Attempt == 1) return null;
        // The history may hold no record of the first attempt at all (only attempt 2 onwards): then its worker is not
        // known, and any worker kill sent in the window is taken, which the evidence says.
        var first = attempts[0].Attempt == 1 ? attempts[0] : null;
        var next = first is null ? attempts[0] : attempts.ElementAtOrDefault(1);
        if (next is null) return null;
        var parts = first?.WorkerId?.Split(':') ?? [];
        int? pid = parts.Length >= 3 && int.TryParse(parts[^2], out var p) ? p : null;
        if (first is not null && pid is null) return null;
        var began = first?.StartedAt ?? o.When - ReapLag;
        var kill = _workerKills.FirstOrDefault(k => (pid is null || k.Pid == pid) && k.At >= began && k.At < next.StartedAt && ended <= k.At + ReapLag);
        return kill is null ? null
            : $"{kill.Name} (pid {kill.Pid}{(pid is null ? ", attempt 1 not in the history" : $", ran attempt {first!.Attempt}")}) killed -9 at {kill.At:HH:mm:ss.fff}, " +
              $"side effect ended {ended:HH:mm:ss.fff}, attempt {next.Attempt} began {next.StartedAt:HH:mm:ss.fff}";
    }

    /// <summary>
    /// The fault an occurrence went through: the last one that began before its first execution (or its due instant if
    /// it never ran), counting one that began while it ran. On a loaded machine work lags its due time, so the due
    /// instant alone would name the wrong fault.
    /// </summary>
    private FaultEvent? FaultAt(DateTimeOffset when) => _faults.LastOrDefault(f => f.At <= when + LongestTask);

    private static TallyRow Row(IDictionary<string, TallyRow> rows, string name) =>
        rows.TryGetValue(name, out var row) ? row : rows[name] = new TallyRow(name);
}
