using System.Text;

namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>What a fault run counted, and the table it prints.</summary>
/// <param name="Tally">Occurrences by outcome: total, per task kind, per fault.</param>
/// <param name="Faults">The faults injected, in order.</param>
/// <param name="Backlog">Hangfire's queues and sets at the end (jobs fired but not run show here).</param>
/// <param name="NotAcknowledged">Schedules whose creation never succeeded (not counted as scheduled).</param>
/// <param name="Restarts">Processes the supervisor restarted after a fault killed or stopped them.</param>
/// <param name="UnexpectedExits">Processes that exited without being told to, with their output's tail.</param>
/// <param name="ProcessesUp">Every supervised process runs and reports healthy at the end.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record FaultResult(FaultTally Tally, IReadOnlyList<FaultEvent> Faults, string Backlog, int NotAcknowledged, int Restarts,
    IReadOnlyList<string> UnexpectedExits, bool ProcessesUp, TimeSpan Elapsed)
{
    public TallyRow Total => Tally.Total;

    /// <summary>The table: one row per task kind, one per fault, and the total.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine($"fault run: {Elapsed.TotalSeconds:0}s, {Faults.Count} faults " +
            $"({string.Join(", ", Faults.GroupBy(f => f.Name).Select(g => $"{g.Key}×{g.Count()}"))}), supervisor restarts={Restarts}, " +
            $"unexpected exits={UnexpectedExits.Count}, processes up at the end={ProcessesUp}, creations never acknowledged={NotAcknowledged}; {Backlog}");
        var late = Tally.Lateness.Order().ToList();
        if (late.Count > 0)
            text.AppendLine($"lateness (first execution − due; includes faults' recovery): p50={late[late.Count / 2].TotalSeconds:0.0}s " +
                $"p99={late[(int)(late.Count * 0.99)].TotalSeconds:0.0}s max={late[^1].TotalSeconds:0.0}s");
        const string header = "| {0,-24} | {1,9} | {2,8} | {3,4} | {4,9} | {5,7} | {6,12} | {7,12} | {8,11} | {9,6} | {10,8} | {11,9} |";
        text.AppendLine(string.Format(header, "", "scheduled", "ran once", "lost", "ran twice", "early", "left running",
            "fsync window", "kill window", "re-run", "orphaned", "hist.diff"));
        text.AppendLine(string.Format(header, "---", "--:", "--:", "--:", "--:", "--:", "--:", "--:", "--:", "--:", "--:", "--:"));
        void Row(TallyRow r) => text.AppendLine(string.Format(header, r.Name, r.Scheduled, r.Once, r.Lost, r.Twice, r.Early,
            r.LeftRunning, r.FsyncWindow, r.KillWindow, r.Rerun, r.Orphaned, r.HistoryDisagrees));
        foreach (var row in Tally.ByKind.Values) Row(row);
        foreach (var row in Tally.ByFault.Values.OrderBy(r => Order(r.Name))) Row(row);
        Row(Total);
        return text.ToString();
    }

    private static int Order(string fault) => Enum.TryParse<FaultKind>(fault, out var kind) ? (int)kind + 1 : 0;
}
