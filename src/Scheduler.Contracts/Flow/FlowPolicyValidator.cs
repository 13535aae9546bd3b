using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Flow;

/// <summary>Checks a task's flow options (concurrency, rate limit, priority, debounce, idempotency window) against the task before anything is written.</summary>
internal static class FlowPolicyValidator
{
    public static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(100), MaxPeriod = TimeSpan.FromDays(1), MaxIdempotencyWindow = TimeSpan.FromDays(30);

    /// <summary>The largest concurrency limit and rate-limit count (the CLI states the same ranges in its own words).</summary>
    public const int MaxConcurrencyLimit = 10_000, MaxRateCount = 100_000;

    public static IEnumerable<string> Validate(TaskDefinition task, ScheduleOptions options)
    {
        if (options.Concurrency is { } c)
        {
            if (c.Limit is < 1 or > MaxConcurrencyLimit) yield return $"concurrency.limit is {c.Limit}; expected 1 to {MaxConcurrencyLimit}";
            if (KeyError(c.Key, task) is { } error) yield return "concurrency." + error;
        }
        if (options.RateLimit is { } r)
        {
            if (r.Count is < 1 or > MaxRateCount) yield return $"rateLimit.count is {r.Count}; expected 1 to {MaxRateCount}";
            if (r.Per < MinPeriod || r.Per > MaxPeriod) yield return $"rateLimit.per is {FlowDuration.Format(r.Per)}; expected 100ms to 1d";
            if (KeyError(r.Key, task) is { } error) yield return "rateLimit." + error;
        }
        if (options.Debounce is { } d)
        {
            if (d.Window < MinPeriod || d.Window > MaxPeriod) yield return $"debounce.window is {FlowDuration.Format(d.Window)}; expected 100ms to 1d";
            if (KeyError(d.Key, task) is { } error) yield return "debounce." + error;
            if (options.Id is not null || options.IdempotencyKey is not null || options.Replace)
                yield return "debounce cannot be combined with id, idempotencyKey or replace; the debounce key names the task";
        }
        if (options.IdempotencyWindow is { } w && (w < MinPeriod || w > MaxIdempotencyWindow))
            yield return $"idempotencyWindow is {FlowDuration.Format(w)}; expected 100ms to 30d";
        if (options.IdempotencyWindow is not null && options.IdempotencyKey is null)
            yield return "idempotencyWindow needs an idempotencyKey";
        if (!Enum.IsDefined(options.Priority)) yield return "priority is unknown; expected high, normal or low";
    }

    private static string? KeyError(string? key, TaskDefinition task)
    {
        if (string.IsNullOrWhiteSpace(key)) return "key is empty; expected a name such as \"backups\" or a template such as \"mcp:{serverName}\"";
        try
        {
            _ = FlowKeyTemplate.Resolve(key, task);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }
}
