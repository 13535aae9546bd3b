using System.Net;
using System.Text.Json;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>
/// One run read by its id, as a Flower user opens a task's page or a Celery user calls AsyncResult(id): the client, the
/// REST API, the dashboard's run page and the CLI show its task, state, job and every attempt, from one reading.
/// </summary>
public sealed class RunByIdTests
{
    // Fails its first attempt (and says so on stderr), succeeds its second: one run, two attempts, a retry between.
    private static ShellTask FailsOnceThenSucceeds(string marker) => new("/bin/sh",
        ["-c", $"if [ -e {marker} ]; then echo second-time-lucky; else touch {marker}; echo 'first <attempt> failed' >&2; exit 1; fi"])
    {
        Execution = TaskRuns.Fast(retries: 1) with { BackoffBase = TimeSpan.Zero },
    };

    [Fact]
    public async Task A_run_that_failed_once_then_succeeded_is_read_by_its_id_with_both_attempts_through_client_rest_page_and_cli()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-by-id");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var marker = Path.Combine(Path.GetTempPath(), $"run-by-id-{Guid.NewGuid():N}");
        try
        {
            var task = await client.ScheduleAsync(FailsOnceThenSucceeds(marker), "every 1 hour", new ScheduleOptions { Id = "flaky", Name = "Flaky report" });
            var runId = await client.TriggerNowAsync(task.Id);
            Assert.NotNull(runId);
            Assert.Equal(RunOutcome.Succeeded, (await client.WaitForResultAsync(task.Id, TaskRuns.Patience, runId))?.Outcome);

            var run = await client.GetRunAsync(runId);
            Assert.NotNull(run);
            Assert.Equal(("flaky", "Flaky report", "shell", RunOrigin.RunNow), (run.TaskId, run.TaskName, run.TaskType, run.Origin));
            Assert.Equal(RunState.Ended, run.State);
            Assert.Equal(RunOutcome.Succeeded, run.Outcome);
            Assert.Equal([1, 2], run.Attempts.Select(a => a.Attempt));
            Assert.Equal(RunOutcome.Failed, run.Attempts[0].Outcome);
            Assert.Contains("first <attempt> failed", run.Attempts[0].Error);
            Assert.Contains("second-time-lucky", run.Attempts[1].Result);
            Assert.False(string.IsNullOrEmpty(run.HangfireJobId));
            Assert.False(run.InFailedList);
            Assert.False(run.EarlierAttemptsTrimmed);

            var rest = await dashboard.Http.GetAsync($"/api/runs/{runId}");
            var body = await rest.Content.ReadAsStringAsync();
            Assert.True(rest.StatusCode == HttpStatusCode.OK, $"{rest.StatusCode}: {body}");
            var json = JsonDocument.Parse(body).RootElement;
            Assert.Equal(runId, json.GetProperty("runId").GetString());
            Assert.Equal("ended", json.GetProperty("state").GetString());
            Assert.Equal(2, json.GetProperty("attempts").GetArrayLength());

            var page = await dashboard.Http.GetStringAsync($"/scheduler/runs/{Uri.EscapeDataString(runId)}");
            Assert.Contains("data-testid=\"run-attempt\" data-attempt=\"1\"", page);
            Assert.Contains("data-testid=\"run-attempt\" data-attempt=\"2\"", page);
            // Escaped, as every error the pages show.
            Assert.Contains("first &lt;attempt&gt; failed", page);
            Assert.DoesNotContain("first <attempt> failed", page);
            Assert.Contains("data-testid=\"run-state\">ended succeeded<", page);
            Assert.Contains($"href=\"/scheduler/schedules/flaky#run-{runId}\"", page);
            // Hangfire's own job page, in the dashboard the page is in (here at the root).
            Assert.Contains($"data-testid=\"run-job-link\" href=\"/jobs/details/{run.HangfireJobId}\"", page);
            // The task page's history links the run to its page.
            Assert.Contains($"href=\"/scheduler/runs/{Uri.EscapeDataString(runId)}\">{runId}</a>", await dashboard.Http.GetStringAsync("/scheduler/schedules/flaky"));

            var (code, output, error) = await InProcessCli.RunAsync(redis, "run", runId);
            Assert.True(code == 0, error);
            Assert.Contains("state:     ended succeeded", output);
            Assert.Contains("second-time-lucky", output);
            var (jsonCode, jsonOut, _) = await InProcessCli.RunAsync(redis, "--json", "run", runId);
            Assert.Equal(0, jsonCode);
            Assert.Equal(2, JsonDocument.Parse(jsonOut).RootElement.GetProperty("attempts").GetArrayLength());
        }
        finally { File.Delete(marker); }
    }

    [Fact]
    public async Task A_failed_run_is_in_the_failed_list_and_its_page_offers_retry_shows_the_shell_failure_in_words_and_the_failed_page_links_to_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-by-id-failed");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var task = await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", "echo 'disk full' >&2; exit 1"]) { Execution = TaskRuns.Fast() }, "every 1 hour", new ScheduleOptions { Id = "broken" });
        var runId = await client.TriggerNowAsync(task.Id);
        Assert.NotNull(runId);
        Assert.Equal(RunOutcome.Failed, (await client.WaitForResultAsync(task.Id, TaskRuns.Patience, runId))?.Outcome);

        var run = await client.GetRunAsync(runId);
        Assert.NotNull(run);
        Assert.True(run.InFailedList);
        Assert.Equal((RunState.Ended, RunOutcome.Failed), (run.State, run.Outcome));
        var page = await dashboard.Http.GetStringAsync($"/scheduler/runs/{Uri.EscapeDataString(runId)}");
        Assert.Contains($"data-run-action=\"retry\" data-testid=\"action-retry\" data-run-id=\"{runId}\"", page);
        var failedPage = await dashboard.Http.GetStringAsync("/scheduler/failed");
        Assert.Contains($"data-testid=\"failed-run-link\" href=\"/scheduler/runs/{Uri.EscapeDataString(runId)}\"", failedPage);

        // A shell failure reads as its exit code and the end of stderr wherever a person reads it; REST keeps its JSON.
        Assert.Contains("\"exitCode\":1", run.Attempts[^1].Error);
        Assert.Contains(">exit code 1: disk full</td>", page);
        Assert.Contains(">exit code 1: disk full</td>", failedPage);
        Assert.Contains(">exit code 1: disk full</td>", await dashboard.Http.GetStringAsync("/scheduler/schedules/broken"));
        var cli = await InProcessCli.RunAsync(redis, "run", runId);
        Assert.Contains("exit code 1: disk full", cli.Out);
        Assert.DoesNotContain("exitCode", cli.Out);
    }

    [Fact]
    public async Task An_unknown_run_is_null_404_and_exit_3_and_a_malformed_one_an_argument_error_400_and_exit_2()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-by-id-unknown");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        Assert.Null(await client.GetRunAsync("nobody:1764500000000"));
        var notFound = await dashboard.Http.GetAsync("/api/runs/nobody:1764500000000");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("nobody:1764500000000", await notFound.Content.ReadAsStringAsync());
        Assert.Contains("is known (never run, or forgotten", await notFound.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/scheduler/runs/nobody%3A1764500000000")).StatusCode);
        var (code, _, error) = await InProcessCli.RunAsync(redis, "run", "nobody:1764500000000");
        Assert.Equal(3, code);
        Assert.Contains("no run nobody:1764500000000 is known", error);

        var thrown = await Assert.ThrowsAsync<ArgumentException>(() => client.GetRunAsync("not-a-run"));
        Assert.Contains("\"<taskId>:t<ms>\"", thrown.Message);
        var malformed = await dashboard.Http.GetAsync("/api/runs/not-a-run");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("is not a run id", await malformed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.GetAsync("/scheduler/runs/not-a-run")).StatusCode);
        Assert.Equal(2, (await InProcessCli.RunAsync(redis, "run", "not-a-run")).Code);
    }
}
