using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Scheduler.Contracts.Housekeeping;

internal sealed partial class CleanupStore
{
    /// <summary>How long a run's hold on its registration lasts unrenewed: a runner that dies frees it this long after.</summary>
    public static readonly TimeSpan RunHoldTime = TimeSpan.FromSeconds(30);

    /// <summary>How often a run renews its hold, and so how soon it sees its registration removed.</summary>
    public TimeSpan RunHoldRenewal { get; init; } = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan HoldRetry = TimeSpan.FromMilliseconds(100);

    // KEYS: registration, hold. ARGV: holder, hold time (ms). Taken only while the registration exists.
    // Answers 1 (taken), 0 (no registration) or the holder's value.
    private const string HoldScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        return redis.call('GET', KEYS[2])
        """;

    // Renewed only while it is still this run's and the registration exists: a removal ends the run.
    private const string RenewScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>What renewing a hold found.</summary>
    internal enum Renewal { Lapsed = 0, Renewed = 1, Removed = -1 }

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>
    /// Takes registration <paramref name="id"/> for one real run by <paramref name="ranBy"/>, waiting up to
    /// <paramref name="wait"/> while another run of it is in progress: two runs of one registration never delete side by
    /// side (each would report the other's deletes as vanished files, and their histories interleave).
    /// </summary>
    public async Task<CleanupHoldAttempt> HoldRunAsync(string id, string ranBy, TimeSpan wait, CancellationToken cancellationToken)
    {
        var value = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {ranBy}";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            var answer = await Db.ScriptEvaluateAsync(HoldScript, [Keys.Cleanup(id), Keys.CleanupRunning(id)],
                [value, (long)RunHoldTime.TotalMilliseconds]);
            if (answer.Resp2Type == ResultType.Integer)
                return (int)answer == 0 ? CleanupHoldAttempt.Gone : new CleanupHoldAttempt(new CleanupRunHold(this, id, value, sent), null);
            if (waited.Elapsed >= wait) return new CleanupHoldAttempt(null, Holder((string?)answer));
            await Task.Delay(HoldRetry, cancellationToken);
        }
    }

    internal async Task<Renewal> RenewRunAsync(string id, string value) =>
        (Renewal)(int)await Db.ScriptEvaluateAsync(RenewScript, [Keys.Cleanup(id), Keys.CleanupRunning(id)], [value, (long)RunHoldTime.TotalMilliseconds]);

    internal Task ReleaseRunAsync(string id, string value) =>
        Db.ScriptEvaluateAsync(ReleaseScript, [Keys.CleanupRunning(id)], [value]);

    // "token since-ms holder" as HoldRunAsync writes it; the holder may hold spaces.
    private static string Holder(string? value)
    {
        var parts = (value ?? "").Split(' ', 3);
        if (parts.Length < 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var since)) return "another run";
        return $"another run (by {parts[2]}, since {DateTimeOffset.FromUnixTimeMilliseconds(since):yyyy-MM-dd'T'HH:mm:ss'Z'})";
    }
}
