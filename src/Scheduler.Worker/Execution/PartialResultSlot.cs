namespace Scheduler.Worker.Execution;

/// <summary>
/// Where a handler that builds its result as it goes (a sequence, step by step) lets its attempt read what it has so
/// far. Read when the attempt is cut short without the handler saying it (abandoned at its hard timeout, or after a
/// stop it did not heed in time): the handler is still running then, so the reader must be safe to call from another
/// thread. A handler that returns or throws <see cref="Handlers.TaskInterruptedException"/> speaks for itself instead.
/// </summary>
internal sealed class PartialResultSlot
{
    private volatile Func<string?>? _read;

    /// <summary>Makes <paramref name="read"/> the way to ask for the result so far.</summary>
    public void Set(Func<string?> read) => _read = read;

    /// <summary>The result so far, or null when the handler set none (or reading it failed).</summary>
    public string? Read()
    {
        try { return _read?.Invoke(); }
        catch (Exception) { return null; } // a report that cannot be read must not stop the attempt being recorded
    }
}
