using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.Worker.Execution;

internal sealed partial class TaskExecutor
{
    // The run record keeps what started the run as it keeps its own result: cut at MaxResultLength, as a task's history
    // holds up to a thousand records (the handler had it whole).
    private TriggerContext? Kept(TriggerContext? trigger) =>
        trigger is null ? null : trigger with { Payload = Cap(trigger.Payload), Result = Cap(trigger.Result), Error = Cap(trigger.Error) };

    private string? Cap(string? text) => Capped(text, defaults.Value.MaxResultLength);

    /// <summary><paramref name="text"/> cut at <paramref name="max"/> characters and marked, never inside a surrogate pair.</summary>
    internal static string? Capped(string? text, int max)
    {
        if (text is null || text.Length <= max) return text;
        var cut = max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut] + "…[truncated]";
    }
}
