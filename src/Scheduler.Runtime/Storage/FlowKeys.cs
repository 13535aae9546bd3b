namespace Scheduler.Runtime.Storage;

/// <summary>A run's resolved flow keys: a concurrency key and limit, a rate key with its count and period (each optional).</summary>
internal sealed record FlowKeys(string? ConcurrencyKey, int Limit, string? RateKey, int Count, TimeSpan Per)
{
    public string ConcurrencyLabel => $"concurrency {ConcurrencyKey}";
    public string RateLabel => $"rate {RateKey}";

    /// <summary>The rate budget's name: its key with its count and period, or "" without a rate limit.</summary>
    public string RateBudget => RateKey is { } key ? Budget(key, Count, Per) : "";

    /// <summary>
    /// A rate budget is the key with its count and period: a task sharing the key with other settings would otherwise
    /// trim the others' starts to its own period (a 1 s one would undo a 1 h one's limit).
    /// </summary>
    public static string Budget(string key, int count, TimeSpan per) => $"{key}|{count}/{(long)per.TotalMilliseconds}";
}
