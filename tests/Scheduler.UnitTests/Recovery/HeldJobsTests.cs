using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Recovery;

/// <summary>What a worker counts as held and lists to Beat (<see cref="HeldIds"/>, <see cref="HoldingBeacon"/>).</summary>
public sealed class HeldJobsTests
{
    [Fact]
    public void A_job_delivered_twice_stays_held_until_both_deliveries_release_it()
    {
        var held = new HeldIds();
        held.Add("job-1");
        held.Add("job-1");
        held.Add("job-2");
        held.Drop("job-1");
        Assert.Equal(new[] { "job-1", "job-2" }.Order(), held.Ids.Order());
        held.Drop("job-1");
        held.Drop("job-1");
        Assert.Equal(["job-2"], held.Ids);
        held.Drop("job-2");
        Assert.True(held.IsEmpty);
    }

    [Fact]
    public void Past_the_most_it_lists_a_worker_lists_no_jobs_which_beat_reads_as_every_job_held()
    {
        var most = Enumerable.Range(0, HoldingBeacon.MostAdvertisedJobs).Select(i => $"job-{i}").ToList();
        Assert.Same(most, HoldingBeacon.Listed(most));
        Assert.Null(HoldingBeacon.Listed([.. most, "one-more"]));
        Assert.Null(WorkerHolding.Parse(WorkerHolding.Format(DateTimeOffset.UnixEpoch, [], HoldingBeacon.Listed([.. most, "one-more"]))!)!.JobIds);
    }
}
