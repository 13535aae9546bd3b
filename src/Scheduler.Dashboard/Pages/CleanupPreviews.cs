using System.Security.Cryptography;
using System.Text.Json;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// The reports of dry runs asked for from the cleanup pages, kept in Redis for <see cref="Kept"/> under a random token
/// the page's address carries: the action answers with a redirect (a reload repeats nothing), and the page it leads to
/// may be served by another dashboard instance.
/// </summary>
internal sealed class CleanupPreviews(IConnectionMultiplexer redis, RedisKeys keys)
{
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);

    /// <summary>Keeps <paramref name="report"/>; returns its token.</summary>
    public async Task<string> KeepAsync(CleanupReport report)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await redis.GetDatabase().StringSetAsync(keys.CleanupPreview(token), JsonSerializer.Serialize(report), Kept);
        return token;
    }

    /// <summary>The report kept under <paramref name="token"/>; null when the token is not one or its time is up.</summary>
    public async Task<CleanupReport?> FindAsync(string? token)
    {
        if (token is not { Length: 32 } || !token.All(char.IsAsciiHexDigitLower)) return null;
        var json = await redis.GetDatabase().StringGetAsync(keys.CleanupPreview(token));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<CleanupReport>(json.ToString());
    }
}
