namespace Scheduler.Contracts.Events;

/// <summary>One entry of the event stream.</summary>
/// <param name="Id">Stream id; pass it to <see cref="Client.SchedulerClient.SubscribeAsync(string?, System.Threading.CancellationToken)"/> to resume after it.</param>
/// <param name="Type">One of <see cref="SchedulerEvents"/> (or "scheduler.notification").</param>
/// <param name="TaskId">The task concerned.</param>
/// <param name="At">When it happened.</param>
/// <param name="Data">Further fields (runId, attempt, outcome, error, message, ...).</param>
public sealed record SchedulerEvent(string Id, string Type, string TaskId, DateTimeOffset At, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>
    /// Whether <paramref name="text"/> is an event id to resume after: a Redis stream id, <c>ms</c> or <c>ms-seq</c>, each
    /// part a whole number that fits 64 bits (such as <c>1732363200000-0</c>; <c>0</c> replays the retained history).
    /// </summary>
    public static bool IsId(string text)
    {
        var dash = text.IndexOf('-');
        static bool Part(ReadOnlySpan<char> part) => ulong.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
        return dash < 0 ? Part(text) : Part(text.AsSpan(0, dash)) && Part(text.AsSpan(dash + 1));
    }
}
