using Scheduler.Contracts.Flow;

namespace Scheduler.Runtime.Storage;

/// <summary>A run's resolved flow keys: a concurrency key and limit, a rate key with its count and period (each optional).</summary>
internal sealed record FlowKeys(string? ConcurrencyKey, int Limit, string? RateKey, int Count, TimeSpan Per)
{
    public string ConcurrencyLabel => $"concurrency {ConcurrencyKey}";
    public string RateLabel => $"rate {RateKey}";

    /// <summary>The rate budget's name: its key with its count and period, or "" without a rate limit.</summary>
    public string RateBudget => RateKey is { } key ? FlowBudget.Name(key, Count, Per) : "";
}
