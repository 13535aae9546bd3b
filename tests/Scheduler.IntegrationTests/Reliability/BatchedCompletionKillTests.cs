using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A worker records a run's outcome, then leaves Hangfire's Succeeded state and the acknowledge to its completion batch
/// while jobs keep starting (<c>Scheduler:Worker:BatchCompletions</c>). A worker killed in between leaves the job
/// Processing in its fetched list: it must end Succeeded without its run running again.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class BatchedCompletionKillTests
{
    [Fact]
    public async Task A_worker_killed_while_a_finished_jobs_succeeded_state_waits_leaves_the_run_run_once_and_the_job_succeeded()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-batched-kill");
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06",
            ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:00.500",
        };
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 0, settings);
        // One thread, and a completion that may wait 30 s: it waits as long as that thread keeps finding jobs to start.
        system.Start("worker1", "Scheduler.Worker", "--Scheduler:Worker:WorkerCount=1", "--Scheduler:Worker:CompletionDelay=00:00:30");
        await system.WaitAliveAsync(1, 1);
        var client = redis.CreateClient();
        // The first runs 4 s; the second is queued meanwhile, so the thread takes it next and holds the first's completion.
        var first = await client.ScheduleAsync(new ShellTask("sleep", ["4"]), "in 1 second");
        var second = await client.ScheduleAsync(new ShellTask("sleep", ["60"]), "in 2 seconds");

        var run = (await TaskRuns.UntilFinalAsync(client, first.Id)).Single();
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        await TaskRuns.WaitRunningAsync(client, second.Id);
        var jobs = new HangfireJobs(redis);
        var jobId = await jobs.JobIdAsync(run);
        Assert.Equal("Processing", jobs.StateOf(jobId).Name);
        system.Kill("worker1");

        system.Start("worker2", "Scheduler.Worker");
        // Beat judges worker1 dead after 6 s and queues its Processing job again; the new delivery's claim finds the run
        // done and the job ends Succeeded.
        var final = await Eventually.WaitAsync(() => Task.FromResult(jobs.StateOf(jobId)), s => s.Name is "Succeeded" or "Failed" or "Deleted",
            TimeSpan.FromSeconds(90), $"job {jobId} to reach a final state");
        Assert.Equal("Succeeded", final.Name);
        var runs = await client.GetRunsAsync(first.Id);
        Assert.Equal(run.RunId, Assert.Single(runs).RunId);
        Assert.Equal(1, runs[0].Attempt);
        Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync(first.Id))!.Status);
    }
}
