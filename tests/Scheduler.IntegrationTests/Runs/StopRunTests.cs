using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Cli;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>
/// A run stopped by hand (Celery's revoke with terminate, Hangfire's delete of a processing job) ends cancelled, its
/// command killed and not retried, while its task stays scheduled and its next occurrences run; against a real Beat,
/// worker and shell commands.
/// </summary>
public sealed class StopRunTests
{
    // Appends "start" to $1 and its pids to $2, then sleeps until stopped.
    private const string LongRun = "echo start >> \"$1\"; echo $$ >> \"$2\"; sleep 120 & echo $! >> \"$2\"; wait";

    /// <summary>A shell task that appends "start" to the directory's "runs" and its pids to "pids", then sleeps until stopped.</summary>
    internal static ShellTask LongRunTask(TestPaths.TempDirectory dir) =>
        new(LongRun, [dir.File("runs"), dir.File("pids")], UseShell: true) { Execution = TaskRuns.Fast(retries: 2, softSeconds: 120, hardSeconds: 180) };

    internal static async Task<string[]> PidsAsync(TestPaths.TempDirectory dir) =>
        File.Exists(dir.File("pids")) ? await File.ReadAllLinesAsync(dir.File("pids")) : [];

    internal static Task KillRecordedAsync(TestPaths.TempDirectory dir) => ProcessProbe.KillRecordedAsync(dir.File("pids"));

    private static Task<int> StartsAsync(TestPaths.TempDirectory dir) =>
        Task.FromResult(File.Exists(dir.File("runs")) ? File.ReadAllLines(dir.File("runs")).Length : 0);

    [Fact]
    public async Task A_stopped_run_ends_cancelled_with_its_command_killed_and_not_retried_while_the_schedule_runs_its_next_occurrence()
    {
        await using var redis = await RedisTestContext.CreateAsync("stop-run");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("stop-run");
        var client = new SchedulerClient(redis.Redis, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, Actor = "oncall" });
        try
        {
            var task = await client.ScheduleAsync(LongRunTask(dir), "every 3s");
            await Eventually.WaitAsync(() => StartsAsync(dir), n => n == 1, TaskRuns.Patience, "the first run's command");
            var pids = await Eventually.WaitAsync(() => PidsAsync(dir), p => p.Length == 2, TaskRuns.Patience, "the command's pids");

            var inProgress = Assert.Single(await client.GetRunsInProgressAsync(task.Id));
            Assert.Equal((1, (string?)null), (inProgress.Attempt, inProgress.StoppedBy));
            var info = await InProcessCli.RunAsync(redis, "info", task.Id);
            Assert.Contains($"in progress: {inProgress.RunId}, attempt 1 on {inProgress.WorkerId} since ", info.Out);

            var stopped = Assert.Single((await client.StopRunsAsync(task.Id))!);
            Assert.Equal(inProgress.RunId, stopped);

            var run = (await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == stopped && x.IsFinal),
                TaskRuns.Patience, "the stopped run's outcome")).Single(x => x.RunId == stopped);
            Assert.Equal((1, RunOutcome.Cancelled), (run.Attempt, run.Outcome));
            Assert.StartsWith("stopped by oncall, the task going on", run.Error);
            Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(int.Parse(pid)), $"process {pid} of the stopped run still runs"));
            // Its schedule goes on: the next occurrence starts a new run of the command.
            await Eventually.WaitAsync(() => StartsAsync(dir), n => n >= 2, TaskRuns.Patience, "the next occurrence's command");
            Assert.NotEqual(ScheduleStatus.Cancelled, (await client.GetAsync(task.Id))!.Status);
            Assert.Single((await client.GetRunsAsync(task.Id)).Where(r => r.RunId == stopped));
            var audit = await client.GetAuditAsync(new Contracts.Audit.AuditFilter { TaskId = task.Id, Action = Contracts.Audit.AuditActions.StopRuns });
            Assert.Equal("oncall", Assert.Single(audit.Entries).Actor);
            // Announced as stopped, not as a failure: an alert on failures is not raised by a stop.
            var outcomes = await client.GetRecentEventsAsync(Contracts.Events.EventTypePattern.Parse("task.stopped,task.failure"), 10, task.Id);
            Assert.Equal(Contracts.Events.SchedulerEvents.Stopped, Assert.Single(outcomes, e => e.Data.GetValueOrDefault("runId") == stopped).Type);
            Assert.DoesNotContain(outcomes, e => e.Type == Contracts.Events.SchedulerEvents.Failure);
            await client.CancelAsync(task.Id);
        }
        finally
        {
            await KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task Stopping_one_run_by_its_id_stops_only_that_one_and_a_run_queued_behind_another_ends_without_waiting_for_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("stop-run-one");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("stop-run-one");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(LongRunTask(dir), "every 2s", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
            var keys = new RedisKeys(redis.KeyPrefix);
            // The first run executes; the second waits behind it (overlap queue), claimed and in flight.
            var inFlight = await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id), r => r.Count >= 2, TaskRuns.Patience,
                "a second run queued behind the first");
            var (first, queued) = (inFlight[0].RunId, inFlight[1].RunId);
            Assert.True(string.CompareOrdinal(first, queued) < 0, $"{first} listed before {queued}");

            Assert.Equal([queued], (await client.StopRunsAsync(task.Id, queued))!);

            var run = (await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == queued && x.IsFinal),
                TaskRuns.Patience, "the queued run's outcome")).Single(x => x.RunId == queued);
            Assert.Equal(RunOutcome.Cancelled, run.Outcome);
            Assert.StartsWith("stopped by anonymous, the task going on: cancelled before the attempt started", run.Error);
            // The first run goes on, and the task stays running for it.
            Assert.Equal(1, await StartsAsync(dir));
            Assert.True(await redis.Redis.GetDatabase().HashExistsAsync(keys.InFlight, first));
            Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);
            await client.CancelAsync(task.Id);
        }
        finally
        {
            await KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task A_stop_whose_message_the_worker_missed_still_stops_the_run_within_seconds_and_its_outcome_sets_the_task_back_to_scheduled()
    {
        await using var redis = await RedisTestContext.CreateAsync("stop-run-missed");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("stop-run-missed");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(LongRunTask(dir), "every 1 hour", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(1) });
            await TaskRuns.WaitRunningAsync(client, task.Id);
            await Eventually.WaitAsync(() => PidsAsync(dir), p => p.Length == 2, TaskRuns.Patience, "the command's pids");
            var keys = new RedisKeys(redis.KeyPrefix);
            var runId = Assert.Single(await redis.Redis.GetDatabase().HashKeysAsync(keys.InFlight)).ToString();

            // What the stop leaves when its message is lost (the worker's subscription was down): the ledger's mark.
            await redis.Redis.GetDatabase().HashSetAsync(keys.Run(runId), "stopped", "ops");

            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id, TimeSpan.FromSeconds(20)));
            Assert.Equal((RunOutcome.Cancelled, runId), (run.Outcome, run.RunId));
            Assert.StartsWith("stopped by ops, the task going on", run.Error);
            // Settled by the outcome's own write, not left "running" for Beat's stuck-running sweep.
            Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
        }
        finally
        {
            await KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task A_stopped_run_delivered_again_after_its_worker_died_is_claimed_with_who_stopped_it_so_it_is_not_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("stop-run-redelivered");
        var client = new SchedulerClient(redis.Redis, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, Actor = "oncall", VerifyWorkers = false });
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1 hour");
        var runId = $"{task.Id}:1000";
        var first = await store.BeginRunAsync(runId, "job-1", "worker-a", task.Id);
        Assert.Equal((AttemptClaim.Run, null), (first.Claim, first.StoppedBy));

        Assert.Equal([runId], (await client.StopRunsAsync(task.Id))!);
        // Worker a died before it heard; recovery released its entry and Hangfire delivers the job again.
        Assert.True(await store.ReleaseOrphanAsync((await store.InFlightAsync()).Single()));
        var again = await store.BeginRunAsync(runId, "job-1", "worker-b", task.Id);

        Assert.Equal((AttemptClaim.Run, 2, "oncall"), (again.Claim, again.Attempt, again.StoppedBy));
    }

    [Fact]
    public async Task A_stop_is_refused_for_a_one_shot_a_cancelled_task_and_a_run_not_in_progress_and_stops_nothing_when_nothing_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("stop-run-refused");
        var client = redis.CreateClient();
        var recurring = await client.ScheduleAsync(new NotificationTask("tick"), "every 1 hour");
        var once = await client.ScheduleAsync(new NotificationTask("once"), "in 1 hour");

        Assert.Empty((await client.StopRunsAsync(recurring.Id))!);
        Assert.Null(await client.StopRunsAsync("no-such-task"));
        Assert.Contains("cancel the task instead", (await Assert.ThrowsAsync<RunStopRefusedException>(() => client.StopRunsAsync(once.Id))).Message);
        Assert.Contains($"run {recurring.Id}:123 is not in progress",
            (await Assert.ThrowsAsync<RunStopRefusedException>(() => client.StopRunsAsync(recurring.Id, $"{recurring.Id}:123"))).Message);
        Assert.Contains("is not a run id of it",
            (await Assert.ThrowsAsync<RunStopRefusedException>(() => client.StopRunsAsync(recurring.Id, $"{once.Id}:123"))).Message);
        await client.CancelAsync(recurring.Id);
        Assert.Contains("it is cancelled", (await Assert.ThrowsAsync<RunStopRefusedException>(() => client.StopRunsAsync(recurring.Id))).Message);
        Assert.Empty((await client.GetAuditAsync(new Contracts.Audit.AuditFilter { Action = Contracts.Audit.AuditActions.StopRuns })).Entries);
    }

    [Fact]
    public async Task Stop_is_offered_over_REST_and_the_CLI_with_its_refusals()
    {
        await using var redis = await RedisTestContext.CreateAsync("stop-run-surfaces");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient();
        var recurring = await client.ScheduleAsync(new NotificationTask("tick"), "every 1 hour");
        var once = await client.ScheduleAsync(new NotificationTask("once"), "in 1 hour");

        var none = await dashboard.Http.PostAsync($"/api/tasks/{recurring.Id}/stop", null);
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Equal(0, (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stopped").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.PostAsync("/api/tasks/no-such-task/stop", null)).StatusCode);
        var oneShot = await dashboard.Http.PostAsync($"/api/tasks/{once.Id}/stop", null);
        Assert.Equal(HttpStatusCode.Conflict, oneShot.StatusCode);
        Assert.Contains("cancel the task instead", await oneShot.Content.ReadAsStringAsync());
        var notRunning = await dashboard.Http.PostAsync($"/api/runs/{recurring.Id}:123/stop", null);
        Assert.Equal(HttpStatusCode.Conflict, notRunning.StatusCode);
        Assert.Contains("is not in progress", await notRunning.Content.ReadAsStringAsync());
        var badRun = await dashboard.Http.PostAsync("/api/runs/nocolon/stop", null);
        Assert.Equal(HttpStatusCode.BadRequest, badRun.StatusCode);
        Assert.Contains("is not a run id", await badRun.Content.ReadAsStringAsync());

        Assert.Equal(0, (await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/tasks/{recurring.Id}/runs/in-progress")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/no-such-task/runs/in-progress")).StatusCode);
        Assert.Empty(await client.GetRunsInProgressAsync("no-such-task"));

        var cli = await InProcessCli.RunAsync(redis, "stop", recurring.Id);
        Assert.True(cli.Code == ExitCodes.Ok, cli.Err);
        Assert.Contains($"no run of {recurring.Id} is in progress; nothing stopped", cli.Out);
        var cliOnce = await InProcessCli.RunAsync(redis, "stop", once.Id);
        Assert.Equal(ExitCodes.Conflict, cliOnce.Code);
        Assert.Contains("cancel the task instead", cliOnce.Err);
        var otherTask = await InProcessCli.RunAsync(redis, "stop", recurring.Id, "--run", $"{once.Id}:123");
        Assert.Equal(ExitCodes.BadInput, otherTask.Code);
        Assert.Contains($"is a run of task {once.Id}, not of {recurring.Id}", otherTask.Err);
        Assert.Equal(ExitCodes.NotFound, (await InProcessCli.RunAsync(redis, "stop", "no-such-task")).Code);
    }

    [Fact]
    public async Task A_run_asked_for_by_hand_of_a_one_shot_that_ended_can_be_stopped_the_task_staying_as_it_ended()
    {
        await using var redis = await RedisTestContext.CreateAsync("stop-run-ended-once");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("stop-run-ended-once");
        var client = redis.CreateClient();
        try
        {
            var once = await client.ScheduleAsync(new ShellTask("true") { Execution = TaskRuns.Fast() }, "in 1 second");
            await Eventually.WaitAsync(() => client.GetAsync(once.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the one-shot to complete");
            // Its definition now runs the long command, asked for by hand.
            await client.UpdateAsync(once.Id, new TaskUpdate { Task = LongRunTask(dir) });
            Assert.NotNull(await client.TriggerNowAsync(once.Id));
            var inProgress = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(once.Id), r => r.Count == 1, TaskRuns.Patience, "the run now in progress"));

            var stopped = Assert.Single((await client.StopRunsAsync(once.Id))!);

            Assert.Equal(inProgress.RunId, stopped);
            var run = await Eventually.WaitAsync(() => client.GetRunsAsync(once.Id), r => r.Any(x => x.RunId == stopped && x.IsFinal), TaskRuns.Patience, "the stopped run's outcome");
            Assert.Equal(RunOutcome.Cancelled, run.Single(x => x.RunId == stopped && x.IsFinal).Outcome);
            Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync(once.Id))!.Status);
        }
        finally { await KillRecordedAsync(dir); }
    }
}
