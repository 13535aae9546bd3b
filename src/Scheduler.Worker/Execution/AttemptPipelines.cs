using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The Polly pipeline each retry policy runs through, one per distinct (retries, backoff base, backoff max) and built
/// once: pipelines are immutable and thread-safe, and tasks share a handful of policies. A run's execution says, in
/// its <see cref="ResilienceContext"/>, how many attempts came before this delivery (<see cref="AttemptsBefore"/>: the
/// backoff goes on growing from there) and whether a long backoff may be parked (<see cref="MayPark"/>).
/// </summary>
internal sealed class AttemptPipelines(TimeProvider time, IOptions<ExecutionOptions>? defaults = null)
{
    /// <summary>Attempts of the run made by earlier deliveries (a parked retry's, a handed-back run's).</summary>
    public static readonly ResiliencePropertyKey<int> AttemptsBefore = new("scheduler.attemptsBefore");

    /// <summary>A backoff of at least <see cref="ExecutionOptions.ParkRetriesAfter"/> ends the execution with <see cref="RetryParkedException"/>.</summary>
    public static readonly ResiliencePropertyKey<bool> MayPark = new("scheduler.mayPark");

    // Task definitions choose their own backoffs, so distinct policies are bounded only by what users write: past this
    // many the registry starts afresh. The old one is dropped, not disposed: runs still retrying through it keep going.
    private const int MaxPipelines = 1024;
    private ResiliencePipelineRegistry<(int, TimeSpan, TimeSpan)> _registry = new();
    private int _built;

    public ResiliencePipeline For(EffectivePolicy policy)
    {
        var key = (policy.MaxRetries, policy.BackoffBase, policy.BackoffMax);
        var registry = _registry;
        if (registry.TryGetPipeline(key, out var pipeline)) return pipeline;
        if (Interlocked.Increment(ref _built) > MaxPipelines)
        {
            Interlocked.Exchange(ref _built, 1);
            registry = _registry = new();
        }
        return registry.GetOrAddPipeline(key, builder => Configure(builder, policy));
    }

    /// <summary>
    /// The backoff after attempt <paramref name="failedAttempt"/> of a run (1 = the first): exponential from
    /// <see cref="EffectivePolicy.BackoffBase"/>, with ±25 % jitter, capped at <see cref="EffectivePolicy.BackoffMax"/>.
    /// </summary>
    public static TimeSpan BackoffAfter(int failedAttempt, EffectivePolicy policy, double random)
    {
        var doublings = Math.Clamp(failedAttempt - 1, 0, 40);
        var ticks = Math.Min(policy.BackoffBase.Ticks * Math.Pow(2, doublings), policy.BackoffMax.Ticks);
        return TimeSpan.FromTicks((long)Math.Min(ticks * (0.75 + random / 2), policy.BackoffMax.Ticks));
    }

    private void Configure(ResiliencePipelineBuilder builder, EffectivePolicy policy)
    {
        builder.TimeProvider = time;
        if (policy.MaxRetries <= 0) return;
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = policy.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = policy.BackoffBase,
            // 0 is "no wait", not "no cap": uncapped, the delays would reach days (and past Task.Delay's limit).
            MaxDelay = policy.BackoffMax,
            ShouldHandle = new PredicateBuilder().Handle<RetryableAttemptException>(),
            // Counted from the run's own attempts, not Polly's: a later delivery of the run (after a park) goes on growing
            // the backoff where the one before stopped. Never far under the nominal delay either (Polly's decorrelated
            // jitter can draw near zero), so whether a retry is parked follows from the policy.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                BackoffAfter(args.Context.Properties.GetValue(AttemptsBefore, 0) + args.AttemptNumber + 1, policy, Random.Shared.NextDouble())),
            // Thrown from OnRetry, the exception ends the pipeline's execution (Polly does not catch it): the caller parks the run.
            OnRetry = args => ParkAfter is { } threshold && args.RetryDelay >= threshold && args.Context.Properties.GetValue(MayPark, false)
                ? throw new RetryParkedException(args.RetryDelay)
                : ValueTask.CompletedTask,
        });
    }

    private TimeSpan? ParkAfter => defaults?.Value.ParkRetriesAfter is { } after && after > TimeSpan.Zero ? after : null;
}
