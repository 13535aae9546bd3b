using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Whether Redis keeps a task record as one compact listpack or as a hash table. A task record has about 25 fields,
/// several longer than Redis's default <c>hash-max-listpack-value</c> of 64 bytes (the task, its options, its search
/// text), so a stock Redis stores each as a hash table: about 1.8 KB per task where a listpack takes 0.86 KB, and more
/// Redis CPU per task (bench/README.md, "Thirteenth pass"). Probed by writing a hash with one value of
/// <see cref="ProbeValueBytes"/> and reading its encoding back, which needs neither CONFIG (often denied by ACLs and by
/// managed Redis services) nor admin mode.
/// </summary>
internal static class HashEncodingAdvice
{
    /// <summary>The setting the run script and the compose file give Redis.</summary>
    public const int RecommendedValueBytes = 1024;

    /// <summary>Most task records' longest value fits under this.</summary>
    public const int ProbeValueBytes = 512;

    /// <summary>The encoding Redis gives a hash with one <see cref="ProbeValueBytes"/>-byte value ("listpack", "ziplist"
    /// on Redis 6.2, or "hashtable"); null when Redis would not say.</summary>
    public static async Task<string?> ProbeAsync(IDatabase db, string key)
    {
        try
        {
            await db.HashSetAsync(key, "probe", new string('x', ProbeValueBytes));
            var encoding = await db.ExecuteAsync("OBJECT", "ENCODING", key);
            return encoding.IsNull ? null : (string?)encoding;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return null; // advice only: never what stops a start
        }
        finally
        {
            // Also when OBJECT was refused (an ACL may allow HSET and not OBJECT): no probe key stays behind.
            try { await db.KeyDeleteAsync(key); }
            catch (Exception e) when (e is RedisException or TimeoutException) { }
        }
    }

    /// <summary>What to tell the operator about <paramref name="encoding"/>; null when there is nothing to change.</summary>
    public static string? For(string? encoding) => encoding is "hashtable"
        ? $"Redis stores hashes with values over its hash-max-listpack-value (64 bytes by default) as hash tables, so every " +
          $"task record takes about twice the memory it needs and more Redis CPU; set hash-max-listpack-value {RecommendedValueBytes} " +
          "(hash-max-ziplist-value on Redis 6.2) in redis.conf or with CONFIG SET to keep them compact"
        : null;
}
