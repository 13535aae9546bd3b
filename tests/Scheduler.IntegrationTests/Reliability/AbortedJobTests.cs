using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A job Hangfire aborts under a running attempt while the worker goes on (its state moved away from Processing, as a
/// Redis that dropped writes leaves it) is said in the worker's log and recorded in the run's history, not dropped
/// without a word.
/// </summary>
public sealed class AbortedJobTests
{
    [Fact]
    public async Task An_attempt_whose_job_is_moved_away_while_it_runs_is_stopped_and_the_worker_says_why()
    {
        await using var redis = await RedisTestContext.CreateAsync("aborted-job");
        var logs = new CapturedLogs(LogLevel.Warning);
        await using var system = await InProcessSystem.StartAsync(redis, configureWorker: w => logs.AddTo(w.Services));
        using var dir = TestPaths.CreateTempDirectory("aborted-job");
        var client = redis.CreateClient();
        try
        {
            var task = await TaskRuns.StartAsync(client, new ShellTask("echo $$ >> \"$1\"; sleep 60", [dir.File("pids")], UseShell: true)
                { Execution = TaskRuns.Fast(softSeconds: 120, hardSeconds: 180) });
            await TaskRuns.WaitRunningAsync(client, task.Id);
            var run = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id), r => r.Count == 1, TaskRuns.Patience, "the run in progress"));
            var jobId = (string)(await redis.Redis.GetDatabase().HashGetAsync(new RedisKeys(redis.KeyPrefix).Run(run.RunId), "owner"))!;

            new BackgroundJobClient(new HangfireJobs(redis).Storage).ChangeState(jobId, new ScheduledState(TimeSpan.FromHours(1)), ProcessingState.StateName);

            var said = await Eventually.WaitAsync(() => Task.FromResult(logs.Messages("TaskExecutor", LogLevel.Warning)),
                m => m.Any(x => x.Contains($"Hangfire aborted job {jobId}")), TimeSpan.FromSeconds(20), "the worker to say the job was aborted");
            Assert.Contains(said, m => m.Contains($"run {run.RunId}") && m.Contains("attempt 1"));
            // Recorded too: the command was cut short, and the run may run again under another delivery.
            var aborted = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count == 1, TimeSpan.FromSeconds(10), "the aborted attempt in the history"));
            Assert.Equal((run.RunId, 1, RunOutcome.Failed, false), (aborted.RunId, aborted.Attempt, aborted.Outcome, aborted.IsFinal));
            Assert.Contains($"aborted: Hangfire took job {jobId} from this worker", aborted.Error);
        }
        finally { await ProcessProbe.KillRecordedAsync(dir.File("pids")); }
    }
}
