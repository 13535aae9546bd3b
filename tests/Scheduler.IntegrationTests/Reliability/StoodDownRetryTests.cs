using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A delivery whose retry stands down (the run re-queued and claimed by another delivery of the same Hangfire job while
/// this one's attempt ran) makes no state change over the job: the other delivery's "Processing" stands.
/// </summary>
public sealed class StoodDownRetryTests
{
    private const string OtherServer = "other-worker:1:server";
    private const string OtherWorkerThread = "other-worker-thread";

    [Fact]
    public async Task A_retry_that_stands_down_leaves_the_redeliverys_processing_state_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("stood-down-retry");
        var storage = new HangfireJobs(redis).Storage;
        var keys = new RedisKeys(redis.KeyPrefix);
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var db = redis.Redis.GetDatabase();
        using var dir = TestPaths.CreateTempDirectory("stood-down-retry");
        string? jobId = null;
        var redelivered = 0;
        var movedToProcessing = false;
        // The re-delivery's Hangfire worker moves the job to Processing under its own server: here at the point the first
        // delivery's retry is refused, so Hangfire's cancellation check on the first (each second) has not seen it yet,
        // as in the race this covers.
        var logs = new CapturedLogs(LogLevel.Information)
        {
            OnEntry = entry =>
            {
                if (!entry.Message.Contains("retry not run by job") || Interlocked.Exchange(ref redelivered, 1) == 1) return;
                movedToProcessing = new BackgroundJobClient(storage).ChangeState(jobId!, HangfireJobs.NewProcessingState(OtherServer, OtherWorkerThread), ProcessingState.StateName);
            },
        };
        await using var system = await InProcessSystem.StartAsync(redis, configureWorker: w => logs.AddTo(w.Services));
        var client = redis.CreateClient();
        try
        {
            // Attempt 1 waits for the gate, then fails; its retry (100-200 ms backoff, waited out on the thread) is refused.
            var task = await TaskRuns.StartAsync(client, new ShellTask(
                "echo $$ >> \"$1\"; while [ ! -f \"$2\" ]; do sleep 0.05; done; exit 1", [dir.File("pids"), dir.File("gate")], UseShell: true)
                { Execution = TaskRuns.Fast(retries: 1) });
            var first = await Eventually.WaitAsync(() => store.InFlightAsync(), r => r.Count == 1, TaskRuns.Patience, "the first delivery's claim");
            var run = Assert.Single(first);
            jobId = run.JobId;
            await Eventually.WaitAsync(() => Task.FromResult(File.Exists(dir.File("pids"))), TaskRuns.Patience, "attempt 1's command to start");

            // Its worker judged dead meanwhile: the run re-queued, and the other delivery of the job claims it.
            Assert.True(await store.ReleaseOrphanAsync(run));
            Assert.Equal(AttemptClaim.Run, (await store.BeginAttemptAsync(run.RunId, run.JobId, "other-worker", task.Id)).Claim);
            await File.WriteAllTextAsync(dir.File("gate"), "");

            // The first delivery ends (its fetch acknowledged) with no state change of its own.
            await Eventually.WaitAsync(async () => (await db.HashGetAsync(hangfire.Job(run.JobId), "Fetched")).IsNull, TaskRuns.Patience,
                "the first delivery to end");
            Assert.Equal((1, true), (redelivered, movedToProcessing));
            var state = storage.GetConnection().GetStateData(run.JobId);
            Assert.Equal((ProcessingState.StateName, OtherServer, OtherWorkerThread), (state.Name, Field(state.Data, "ServerId"), Field(state.Data, "WorkerId")));
            Assert.Equal(ProcessingState.StateName, (string?)await db.HashGetAsync(hangfire.Job(run.JobId), "State"));
            // Its attempt is recorded, and the run left to the other delivery: its in-flight entry untouched.
            var recorded = Assert.Single(await client.GetRunsAsync(task.Id));
            Assert.Equal((1, RunOutcome.Failed, false), (recorded.Attempt, recorded.Outcome, recorded.IsFinal));
            Assert.Equal("other-worker", Assert.Single(await store.InFlightAsync()).WorkerId);
            Assert.Contains(logs.Messages("TaskOccurrenceRunner"), m => m.Contains($"job {run.JobId} is another delivery's now"));
        }
        finally { await ProcessProbe.KillRecordedAsync(dir.File("pids")); }
    }

    private static string? Field(IDictionary<string, string> data, string name) => data.TryGetValue(name, out var value) ? value : null;
}
