using Polly;
using Polly.Registry;
using Polly.Retry;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The Polly pipeline each retry policy runs through, one per distinct (retries, backoff base, backoff max) and built
/// once: pipelines are immutable and thread-safe, and tasks share a handful of policies.
/// </summary>
internal sealed class AttemptPipelines(TimeProvider time)
{
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
        });
    }
}
