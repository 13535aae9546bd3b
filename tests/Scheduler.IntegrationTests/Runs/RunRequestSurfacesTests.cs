using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>Failed runs, retry and backfill over the REST API and the CLI, against a real dashboard, beat and worker.</summary>
public sealed class RunRequestSurfacesTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Failed_runs_are_listed_and_retried_over_REST_and_the_CLI()
    {
        await using var redis = await RedisTestContext.CreateAsync("runs-surfaces");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("runs-surfaces");
        var marker = dir.File("ready");
        var client = redis.CreateClient();
        var failed = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask($"test -f '{marker}'", UseShell: true) { Execution = TaskRuns.Fast() }));

        var page = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/runs/failed?task={failed.TaskId}&type=shell");
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(failed.RunId, page.GetProperty("runs")[0].GetProperty("run").GetProperty("runId").GetString());
        Assert.Contains("expected 1..1000", await DetailAsync(await dashboard.Http.GetAsync("/api/runs/failed?limit=0"), HttpStatusCode.BadRequest));
        Assert.Contains("not a task type", await DetailAsync(await dashboard.Http.GetAsync("/api/runs/failed?type=nope"), HttpStatusCode.BadRequest));
        var listed = await InProcessCli.RunAsync(redis, "failed", "--task", failed.TaskId);
        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains(failed.RunId, listed.Out);
        Assert.Contains("1 of 1 failed run(s)", listed.Out);

        // REST retry while it still fails: a new attempt, failed again, so it is back in the list.
        var accepted = await dashboard.Http.PostAsync($"/api/runs/{failed.RunId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("local", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request").GetProperty("by").GetString());
        await Eventually.WaitAsync(async () => (await client.GetFailedRunsAsync()).Runs, r => r.Count == 1 && r[0].Run.Attempt == 2, TaskRuns.Patience, "the failed retry back in the list");
        Assert.Contains("not a failed or timed-out run", await DetailAsync(await dashboard.Http.PostAsync($"/api/runs/{failed.TaskId}:123/retry", null), HttpStatusCode.Conflict));

        // Fixed; the CLI retries and waits for the outcome: attempt 3 of the same occurrence.
        await File.WriteAllTextAsync(marker, "");
        var retried = await InProcessCli.RunAsync(redis, "--as", "oncall", "retry", failed.RunId, "--wait", "30s");
        Assert.True(retried.Code == 0, retried.Out + retried.Err);
        Assert.Contains($"{failed.RunId}: succeeded after 3 attempt(s)", retried.Out);
        var last = (await client.GetRunsAsync(failed.TaskId))[0];
        Assert.Equal((3, RunRequestKind.Retry, "oncall"), (last.Attempt, last.Request!.Kind, last.Request.By));
        var refused = await InProcessCli.RunAsync(redis, "retry", failed.RunId);
        Assert.Equal(ExitCodes.Conflict, refused.Code);
        Assert.Contains("cannot be retried", refused.Err);
    }

    [Fact]
    public async Task Backfill_is_previewed_over_REST_and_run_from_the_CLI()
    {
        await using var redis = await RedisTestContext.CreateAsync("backfill-surfaces");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "cron:0 * * * *");
        await client.PauseAsync(task.Id);
        var now = DateTimeOffset.UtcNow;
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var from = to.AddHours(-2);

        var preview = await dashboard.Http.PostAsync($"/api/tasks/{task.Id}/backfill", Json(new { from, to, dryRun = true }));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var plan = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 3, true), (plan.GetProperty("occurrences").GetInt32(), plan.GetProperty("toRun").GetInt32(), plan.GetProperty("dryRun").GetBoolean()));
        Assert.Contains("\"from\" is missing", await DetailAsync(await dashboard.Http.PostAsync($"/api/tasks/{task.Id}/backfill", Json(new { to })), HttpStatusCode.BadRequest));
        Assert.Contains("is in the future", await DetailAsync(await dashboard.Http.PostAsync($"/api/tasks/{task.Id}/backfill", Json(new { from, to = now.AddHours(1) })), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.PostAsync("/api/tasks/nope/backfill", Json(new { from }))).StatusCode);

        string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var dry = await InProcessCli.RunAsync(redis, "backfill", task.Id, "--from", Iso(from), "--to", Iso(to), "--dry-run");
        Assert.True(dry.Code == 0, dry.Err);
        Assert.Contains("3 would run, 0 already ran; one at a time", dry.Out);
        var run = await InProcessCli.RunAsync(redis, "backfill", task.Id, "--from", Iso(from), "--to", Iso(to));
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("3 queued", run.Out);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 3, TaskRuns.Patience, "three backfilled runs");
        Assert.All(runs, r => Assert.Equal((RunOutcome.Succeeded, RunRequestKind.Backfill), (r.Outcome, r.Request!.Kind)));
    }
}
