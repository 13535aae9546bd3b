using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>Hashes that scripts read with <c>HGETALL</c> and return as Redis gives it to Lua: one flat name, value list.</summary>
internal static class ScriptHashes
{
    /// <summary>The entries of such a list, as StackExchange.Redis's own <c>HashGetAll</c> gives them.</summary>
    public static HashEntry[] Entries(RedisResult[] flat)
    {
        var entries = new HashEntry[flat.Length / 2];
        for (var i = 0; i < entries.Length; i++) entries[i] = new HashEntry((RedisValue)flat[2 * i], (RedisValue)flat[2 * i + 1]);
        return entries;
    }
}
