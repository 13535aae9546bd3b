using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Scheduler.Dashboard.Security;

/// <summary>
/// Counts wrong credentials per client address and locks an address out once it sends too many (see
/// <see cref="LockoutOptions"/>). In memory: each dashboard process counts on its own, and a restart forgets, so it is only
/// <see cref="SharedLoginLockout"/>'s fallback while Redis cannot answer.
/// </summary>
internal sealed class LoginLockout(TimeProvider time)
{
    // Beyond this many addresses, those whose window and lock have both run out are dropped, so a flood from many
    // addresses cannot grow the table without bound.
    internal const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();

    /// <summary>How long <paramref name="address"/> stays locked out; null when it is not (or lockout is off).</summary>
    public TimeSpan? LockedFor(IPAddress? address, LockoutOptions settings)
    {
        if (!settings.Enabled || !_entries.TryGetValue(Key(address), out var entry)) return null;
        var now = time.GetUtcNow();
        lock (entry) return entry.LockedUntil > now ? entry.LockedUntil - now : null;
    }

    /// <summary>Counts one wrong credential from <paramref name="address"/>; true when this one locked it out.</summary>
    public bool Failed(IPAddress? address, LockoutOptions settings)
    {
        if (!settings.Enabled) return false;
        var key = Key(address);
        if (!_entries.ContainsKey(key) && _entries.Count >= MaxTracked) Prune(settings);
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        var now = time.GetUtcNow();
        lock (entry)
        {
            if (entry.LockedUntil > now) return false;
            if (entry.Failures == 0 || now - entry.WindowStart >= settings.Window)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
            }
            if (++entry.Failures < settings.MaxFailures) return false;
            // The lock starts a fresh count: after it ends the address has MaxFailures tries again, not one.
            entry.LockedUntil = now + settings.Duration;
            entry.Failures = 0;
            return true;
        }
    }

    /// <summary>
    /// The address failures are counted under: an IPv4-mapped address as IPv4, and IPv6 by its /64, since one host is
    /// usually given a whole /64 and could otherwise try from a fresh address each time. Every loopback address is one
    /// key: a local user can connect from any of 127.0.0.0/8. Unknown (a Unix socket) is one key.
    /// </summary>
    internal static IPAddress Key(IPAddress? address)
    {
        if (address is null) return IPAddress.None;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return IPAddress.Loopback;
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private void Prune(LockoutOptions settings)
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            bool idle;
            lock (entry) idle = entry.LockedUntil <= now && (entry.Failures == 0 || now - entry.WindowStart >= settings.Window);
            if (idle) _entries.TryRemove(key, out _);
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart;
        public int Failures;
        public DateTimeOffset LockedUntil;
    }
}
