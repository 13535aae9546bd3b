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
        if redis.call('GET', KEYS[2]) ~= ARGV[1] or redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return 1
        """;

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
        for (var attempt = 0; ; attempt++)
        {
            var answer = await Db.ScriptEvaluateAsync(HoldScript, [Keys.Cleanup(id), Keys.CleanupRunning(id)],
                [value, (long)RunHoldTime.TotalMilliseconds]);
            if (answer.Resp2Type == ResultType.Integer)
                return (int)answer == 0 ? CleanupHoldAttempt.Gone : new CleanupHoldAttempt(new CleanupRunHold(this, id, value), null, Waited: attempt > 0);
            if (waited.Elapsed >= wait) return new CleanupHoldAttempt(null, Holder((string?)answer), Waited: true);
            await Task.Delay(HoldRetry, cancellationToken);
        }
    }

    internal async Task<bool> RenewRunAsync(string id, string value) =>
        (int)await Db.ScriptEvaluateAsync(RenewScript, [Keys.Cleanup(id), Keys.CleanupRunning(id)], [value, (long)RunHoldTime.TotalMilliseconds]) == 1;

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

/// <summary>What <see cref="CleanupStore.HoldRunAsync"/> got: the hold, or who holds the registration, or that it is gone.</summary>
/// <param name="Hold">This run's hold; null when the registration is gone or still held by <paramref name="HeldBy"/>.</param>
/// <param name="HeldBy">The run holding it, in words ("another run (by w1, since …)").</param>
/// <param name="Waited">True when another run held it first: the registration may have changed meanwhile.</param>
internal sealed record CleanupHoldAttempt(CleanupRunHold? Hold, string? HeldBy, bool Waited)
{
    public static readonly CleanupHoldAttempt Gone = new(null, null, false);
}

/// <summary>
/// One run's hold on its registration, renewed in the background while it runs. <see cref="Lost"/> is cancelled when
/// the hold is gone (the registration removed, or Redis out of reach for longer than the hold lasts, so another run may
/// have started): the run stops before its next delete.
/// </summary>
internal sealed class CleanupRunHold : IAsyncDisposable
{
    private readonly CleanupStore _store;
    private readonly string _id;
    private readonly string _value;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _done = new();
    private readonly Task _renewing;

    internal CleanupRunHold(CleanupStore store, string id, string value)
    {
        (_store, _id, _value) = (store, id, value);
        _renewing = Task.Run(RenewAsync);
    }

    /// <summary>Cancelled when the hold is lost; <see cref="LostBecause"/> then says why.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Why the hold was lost, for the run's report.</summary>
    public string LostBecause { get; private set; } = "";

    private async Task RenewAsync()
    {
        var renewed = Stopwatch.StartNew();
        while (!_done.IsCancellationRequested)
        {
            try { await Task.Delay(_store.RunHoldRenewal, _done.Token); }
            catch (OperationCanceledException) { return; }
            try
            {
                if (await _store.RenewRunAsync(_id, _value)) { renewed.Restart(); continue; }
                Lose("the registration was removed while it ran");
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Kept through a short outage; past the hold's time another run may have taken the registration.
                if (renewed.Elapsed < CleanupStore.RunHoldTime - _store.RunHoldRenewal * 2) continue;
                Lose($"Redis was out of reach for {renewed.Elapsed.TotalSeconds:0} s, so another run may have taken the registration ({e.Message})");
                return;
            }
        }
    }

    private void Lose(string because)
    {
        LostBecause = because;
        _lost.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        _done.Cancel();
        await _renewing;
        try { if (!_lost.IsCancellationRequested) await _store.ReleaseRunAsync(_id, _value); }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Left to expire: the next run waits at most the hold's time.
        }
        _lost.Dispose();
        _done.Dispose();
    }
}
