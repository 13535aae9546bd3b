using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// misfire runAll under overlap skip: Beat replays the occurrences it missed (an outage, a pause) one after another, and
/// each waits for the one before it rather than skipping it; Beat marks each replay's ledger ("replay") when it fires it.
/// The occurrence that falls due while only replays run is no overlap to skip either: it follows them (an outage of 17 s
/// lost the one due 0.7 s before Beat came back, skipped as "previous run still going"). It is not marked itself, so
/// the one after it is judged by overlap skip again.
/// </summary>
internal static class RunAllReplays
{
    /// <summary>How late after its instant a run starts to be taken for a replay when its ledger does not say (a worker's view).</summary>
    public static readonly TimeSpan Lateness = TimeSpan.FromSeconds(1);

    /// <summary>Whether <paramref name="task"/>'s missed occurrences replay one after another.</summary>
    public static bool Apply(ScheduledTask task) =>
        task.Options.Misfire == MisfirePolicy.RunAll && task.Options.Overlap == OverlapPolicy.Skip && task.Schedule.IsRecurring;

    extension(ScheduleStore store)
    {
        /// <summary>
        /// Whether the runs <paramref name="runIds"/> (<paramref name="exceptRunId"/> left out) are all replays Beat fired
        /// for misfire runAll; false when there are none.
        /// </summary>
        public async Task<bool> OnlyReplaysAsync(IEnumerable<string> runIds, string? exceptRunId = null)
        {
            var others = runIds.Where(r => r != exceptRunId).ToArray();
            if (others.Length == 0) return false;
            var batch = store.Db.CreateBatch();
            var marks = others.Select(r => batch.HashGetAsync(store.Keys.Run(r), "replay")).ToArray();
            batch.Execute();
            foreach (var mark in marks)
                if (await mark != "1") return false;
            return true;
        }
    }
}
