using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

/// <summary>The replica acknowledgement setting is checked at start, and off it costs nothing: no call reaches Redis.</summary>
public sealed class ReplicaAcknowledgementTests
{
    private static string StartFailure(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSchedulerRedis(configuration);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    [Fact]
    public void Replicas_or_a_timeout_out_of_range_or_a_misspelt_member_stop_the_process_at_start_naming_the_setting()
    {
        Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement:Replicas 11 must be 0 (off) to 10",
            StartFailure(new() { ["Scheduler:Redis:ReplicaAcknowledgement:Replicas"] = "11" }));
        Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement:Timeout 00:00:05 must be 10 ms to 4 s",
            StartFailure(new() { ["Scheduler:Redis:ReplicaAcknowledgement:Replicas"] = "1", ["Scheduler:Redis:ReplicaAcknowledgement:Timeout"] = "00:00:05" }));
        Assert.Contains("which .NET reads as 1 day", StartFailure(new() { ["Scheduler:Redis:ReplicaAcknowledgement:Timeout"] = "1" }));
        Assert.Contains("did you mean Replicas?", StartFailure(new() { ["Scheduler:Redis:ReplicaAcknowledgement:Replica"] = "1" }));
    }

    [Fact]
    public void Only_a_host_whose_components_wait_for_replicas_has_its_start_up_check_require_wait()
    {
        // Beat never sends WAIT, so its ACL user needs no +wait; a worker beside it in the same host does send it.
        static bool RequiresWait(Action<IServiceCollection, IConfiguration> add)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
            var services = new ServiceCollection();
            add(services, configuration);
            return services.Any(d => d.ServiceType == typeof(ReplicaWaitingComponent));
        }

        Assert.False(RequiresWait((s, c) => Scheduler.Beat.Hosting.BeatServiceCollectionExtensions.AddSchedulerBeat(s, c)));
        Assert.True(RequiresWait((s, c) => Scheduler.Worker.Hosting.WorkerServiceCollectionExtensions.AddSchedulerWorker(s, c)));
        Assert.True(RequiresWait((s, c) =>
        {
            Scheduler.Beat.Hosting.BeatServiceCollectionExtensions.AddSchedulerBeat(s, c);
            Scheduler.Worker.Hosting.WorkerServiceCollectionExtensions.AddSchedulerWorker(s, c);
        }));
    }

    [Fact]
    public void A_client_refuses_an_acknowledgement_out_of_range_when_made()
    {
        var refused = Assert.Throws<ArgumentException>(() =>
            new SchedulerClient(null!, new SchedulerClientOptions { ReplicaAcknowledgement = new() { Replicas = -1 } }));
        Assert.Contains("ReplicaAcknowledgement.Replicas -1 must be 0 (off) to 10", refused.Message);
    }

    [Fact]
    public void Off_by_default_the_acknowledgement_sends_nothing_to_redis()
    {
        Assert.Equal(0, new SchedulerRedisOptions().ReplicaAcknowledgement.Replicas);
        Assert.Equal(0, new SchedulerClientOptions().ReplicaAcknowledgement.Replicas);
        // No connection at all: a call to Redis would throw.
        foreach (var off in new ReplicaAcknowledgement?[] { null, new() })
        {
            var store = new ScheduleStore(null!, new RedisKeys("t:"), TimeProvider.System) { Acknowledgement = off };
            Assert.True(store.AcknowledgedAsync("a write").IsCompletedSuccessfully);
        }
    }
}
