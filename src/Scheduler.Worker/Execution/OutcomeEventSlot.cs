namespace Scheduler.Worker.Execution;

/// <summary>
/// An event a handler hands to its attempt's outcome write instead of publishing it itself: it is appended to the
/// events stream in the same step that records the attempt, so it goes out once per run however the run is delivered
/// (a worker that dies before the outcome is written published nothing, and the re-delivery publishes it), at no call
/// of its own. <see cref="Notes"/> are the run-ledger fields that say it was delivered, written with it when a later
/// attempt of the run may follow (one that succeeded finally has none).
/// </summary>
internal sealed class OutcomeEventSlot
{
    public string? Type { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; private set; } = [];

    public IReadOnlyList<string> Notes { get; private set; } = [];

    public void Set(string type, IReadOnlyList<KeyValuePair<string, string>> fields, IReadOnlyList<string> notes) =>
        (Type, Fields, Notes) = (type, fields, notes);
}
