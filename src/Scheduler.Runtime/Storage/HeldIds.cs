using System.Collections.Concurrent;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// Ids this process holds (runs it claimed, jobs it fetched) until each hold is released, for <see cref="WorkerHolding"/>.
/// A count, not a set: Hangfire may hand this worker the same job twice, and a release of one delivery must not drop
/// the other's.
/// </summary>
internal sealed class HeldIds
{
    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);

    /// <summary>Holds <paramref name="id"/> once more.</summary>
    public void Add(string id) => _held.AddOrUpdate(id, 1, (_, n) => n + 1);

    /// <summary>Releases one hold of <paramref name="id"/>.</summary>
    public void Drop(string id)
    {
        while (_held.TryGetValue(id, out var n))
        {
            if (n <= 1 ? _held.TryRemove(new KeyValuePair<string, int>(id, n)) : _held.TryUpdate(id, n - 1, n)) return;
        }
    }

    /// <summary>A snapshot of the ids held now.</summary>
    public IReadOnlyCollection<string> Ids => [.. _held.Keys];

    public bool IsEmpty => _held.IsEmpty;
}
