using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Execution;

public sealed class EffectivePolicyTests
{
    private static readonly ExecutionOptions Defaults = new()
    {
        MaxRetries = 3, BackoffBase = TimeSpan.FromSeconds(2), BackoffMax = TimeSpan.FromMinutes(5),
        SoftTimeout = TimeSpan.FromMinutes(5), HardTimeout = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public void A_task_without_a_policy_runs_with_the_worker_defaults()
    {
        var policy = EffectivePolicy.Resolve(null, Defaults);

        Assert.Equal(new EffectivePolicy(3, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)), policy);
    }

    [Fact]
    public void Each_value_the_task_sets_overrides_its_default_and_only_that_one()
    {
        var policy = EffectivePolicy.Resolve(new ExecutionPolicy(MaxRetries: 0, SoftTimeout: TimeSpan.FromSeconds(30)), Defaults);

        Assert.Equal(new EffectivePolicy(0, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)), policy);
    }

    [Fact]
    public void A_soft_timeout_longer_than_the_default_hard_timeout_raises_the_hard_timeout_to_it()
    {
        var policy = EffectivePolicy.Resolve(new ExecutionPolicy(SoftTimeout: TimeSpan.FromMinutes(20)), Defaults);

        Assert.Equal(TimeSpan.FromMinutes(20), policy.SoftTimeout);
        Assert.Equal(TimeSpan.FromMinutes(20), policy.HardTimeout);
    }

    [Fact]
    public void A_task_hard_timeout_at_least_the_soft_one_is_kept()
    {
        var policy = EffectivePolicy.Resolve(new ExecutionPolicy(SoftTimeout: TimeSpan.FromSeconds(1), HardTimeout: TimeSpan.FromSeconds(3)), Defaults);

        Assert.Equal(TimeSpan.FromSeconds(3), policy.HardTimeout);
    }

    [Fact]
    public void A_hard_timeout_set_alone_below_the_default_soft_one_bounds_the_attempt_and_brings_the_soft_one_down_to_it()
    {
        var policy = EffectivePolicy.Resolve(new ExecutionPolicy(HardTimeout: TimeSpan.FromSeconds(3)), Defaults);

        Assert.Equal(TimeSpan.FromSeconds(3), policy.HardTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), policy.SoftTimeout);
    }

    [Fact]
    public void A_hard_timeout_set_alone_above_the_default_soft_one_keeps_the_default_soft_one()
    {
        var policy = EffectivePolicy.Resolve(new ExecutionPolicy(HardTimeout: TimeSpan.FromMinutes(30)), Defaults);

        Assert.Equal(TimeSpan.FromMinutes(30), policy.HardTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.SoftTimeout);
    }
}
