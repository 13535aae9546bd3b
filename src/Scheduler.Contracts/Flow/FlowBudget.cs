namespace Scheduler.Contracts.Flow;

/// <summary>
/// A rate budget's name: its key with its count and period. A task sharing the key with other settings would otherwise
/// trim the others' starts to its own period (a 1 s one would undo a 1 h one's limit). Named here, where the gate's
/// writer (the worker) and the overview's reader (dashboard, CLI) both find it.
/// </summary>
internal static class FlowBudget
{
    public static string Name(string key, int count, TimeSpan per) => $"{key}|{count}/{(long)per.TotalMilliseconds}";
}
