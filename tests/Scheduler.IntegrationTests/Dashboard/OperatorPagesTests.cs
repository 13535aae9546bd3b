using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.Runs;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>The operator pages over plain HTTP: they render inside Hangfire's dashboard, escape user text, and the occurrences endpoint.</summary>
public sealed class OperatorPagesTests
{
    private const string Hostile = "<script>alert(1)</script>";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string ScheduleBody(string name, string message, string spec = "every day at 6am") => JsonSerializer.Serialize(new
    {
        task = new { type = "notification", message },
        spec,
        options = new { name, tags = new[] { "ops" }, timeZone = "Europe/Berlin" },
    });

    [Fact]
    public async Task Names_messages_and_ids_render_as_text_not_markup()
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-escape");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var created = await dashboard.Http.PostAsync("/api/tasks/xss/schedule", Json(ScheduleBody(Hostile, "<img src=x onerror=alert(2)>")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await dashboard.Http.GetStringAsync("/scheduler/schedules");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", list);
        Assert.DoesNotContain(Hostile, list);

        var detail = await dashboard.Http.GetStringAsync("/scheduler/schedules/xss");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", detail);
        Assert.DoesNotContain(Hostile, detail);
        Assert.DoesNotContain("<img src=x", detail);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", detail);

        var filtered = await dashboard.Http.GetStringAsync("/scheduler/schedules?name=" + Uri.EscapeDataString(Hostile) + "&tag=%22%3E%3Cb%3E");
        Assert.DoesNotContain(Hostile, filtered);
        Assert.DoesNotContain("\"><b>", filtered);
        var missing = await dashboard.Http.GetAsync("/scheduler/schedules/" + Uri.EscapeDataString("<b>x</b>"));
        Assert.DoesNotContain("<b>x</b>", await missing.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/hangfire")]
    public async Task The_page_of_an_unknown_task_is_a_404_that_still_shows_the_friendly_page(string root)
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-missing");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.GetAsync(root + "/scheduler/schedules/nosuch");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"schedule-missing\">No task with id \"nosuch\".", page);
        Assert.Contains($"href=\"{root}/scheduler/schedules\"", page);
    }

    [Fact]
    public async Task Pages_are_in_both_dashboard_mounts_and_linked_from_its_navigation()
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-nav");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/nav-1/schedule", Json(ScheduleBody("Nav one", "hi")));

        foreach (var root in new[] { "", "/hangfire" })
        {
            var home = await dashboard.Http.GetStringAsync(root + "/");
            Assert.Contains($"href=\"{root}/scheduler/schedules\"", home);
            Assert.Contains($"href=\"{root}/scheduler/events\"", home);
            var list = await dashboard.Http.GetStringAsync(root + "/scheduler/schedules");
            Assert.Contains("data-task=\"nav-1\"", list);
            Assert.Contains("every day at", list);
            Assert.Contains("data-scheduler-api=\"/api\"", list);
            Assert.Contains("data-testid=\"event-list\"", await dashboard.Http.GetStringAsync(root + "/scheduler/events"));
        }
        Assert.Contains("data-testid=\"no-schedules\"", await dashboard.Http.GetStringAsync("/scheduler/schedules?status=paused"));
        Assert.Contains("data-task=\"nav-1\"", await dashboard.Http.GetStringAsync("/scheduler/schedules?status=scheduled&type=notification&tag=ops"));
        // A filter value the page cannot use is said, not silently dropped (status) or matched by nothing (type).
        var unusable = await dashboard.Http.GetStringAsync("/scheduler/schedules?status=sleeping&type=telegram");
        Assert.Contains("status &quot;sleeping&quot; is not a status, so it is not applied; expected one of scheduled", unusable);
        Assert.Contains("type &quot;telegram&quot; is no task type, so nothing matches it; expected one of", unusable);
    }

    [Fact]
    public async Task Occurrences_start_at_the_next_run_in_the_schedules_zone()
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-occurrences");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/daily/schedule", Json(ScheduleBody("Daily", "hi")));
        var task = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/daily/schedule");
        var nextRunAt = task.GetProperty("nextRunAt").GetDateTimeOffset();

        var body = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/daily/occurrences?count=3");
        Assert.Equal("Europe/Berlin", body.GetProperty("timeZone").GetString());
        var occurrences = body.GetProperty("occurrences").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList();
        Assert.Equal(3, occurrences.Count);
        Assert.Equal(nextRunAt, occurrences[0]);
        Assert.All(occurrences, o => Assert.Equal(6, o.Hour));
        Assert.Equal(10, (await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/daily/occurrences")).GetProperty("occurrences").GetArrayLength());

        await dashboard.Http.PostAsync("/api/tasks/once/schedule", Json(ScheduleBody("Once", "hi", "in 2 hours")));
        var once = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/once/occurrences");
        Assert.Equal(1, once.GetProperty("occurrences").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/nope/occurrences")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.GetAsync("/api/tasks/daily/occurrences?count=0")).StatusCode);
    }

    [Fact]
    public async Task The_failed_runs_page_says_a_page_past_the_last_is_past_it_and_names_a_task_filter_that_is_no_task_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-failed-past");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient();
        await TaskRuns.RunAsync(client, new ShellTask("false") { Execution = TaskRuns.Fast(retries: 0) });

        var past = await dashboard.Http.GetStringAsync("/scheduler/failed?page=5");
        var badFilter = await dashboard.Http.GetStringAsync("/scheduler/failed?task=" + Uri.EscapeDataString("no such/id"));

        Assert.Contains("Page 5 is past the last one: 1 failed run(s) match, 1 page(s).", past);
        Assert.Contains("data-testid=\"page-first\"", past);
        // HTML-encoded as it is written: the quotes become entities.
        Assert.Contains("no such/id&quot; is not a task id (letters, digits, ", badFilter);
        Assert.Contains("at most 128); no failed runs match.", badFilter);
    }

    [Fact]
    public async Task A_paused_task_whose_run_now_run_is_in_progress_is_marked_so_on_both_pages_and_one_without_is_not()
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-stop-offered");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("ui-stop-offered");
        var client = redis.CreateClient();
        try
        {
            var busy = await client.ScheduleAsync(StopRunTests.LongRunTask(dir), "every 1 hour", new ScheduleOptions { Id = "busy" });
            var idle = await client.ScheduleAsync(new NotificationTask("tick"), "every 1 hour", new ScheduleOptions { Id = "idle" });
            await client.PauseAsync(busy.Id);
            await client.PauseAsync(idle.Id);
            var runId = await client.TriggerNowAsync(busy.Id);
            await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(busy.Id), r => r.Any(x => x.RunId == runId), TaskRuns.Patience, "the run-now run in progress");

            var list = await dashboard.Http.GetStringAsync("/scheduler/schedules");
            var detail = await dashboard.Http.GetStringAsync("/scheduler/schedules/busy");
            var idleDetail = await dashboard.Http.GetStringAsync("/scheduler/schedules/idle");

            // Paused, yet its run goes on: the holder says so, which is what shows Stop (ActionStates); the idle one stays without.
            Assert.Contains("data-task=\"busy\" data-status=\"paused\" data-in-progress=\"true\"", list);
            Assert.Contains("data-task=\"idle\" data-status=\"paused\" data-in-progress=\"false\"", list);
            Assert.Contains("data-task=\"busy\" data-status=\"paused\" data-in-progress=\"true\"", detail);
            Assert.Contains("data-task=\"idle\" data-status=\"paused\" data-in-progress=\"false\"", idleDetail);
            Assert.Contains("[data-task]:not([data-in-progress=\"true\"]) button[data-action=\"stop\"]", detail);
            Assert.DoesNotContain("[data-status=\"paused\"] button[data-action=\"stop\"]", detail);

            // Once stopped (by anyone), nothing is left to stop.
            Assert.Equal([runId!], (await client.StopRunsAsync(busy.Id))!);
            Assert.Contains("data-task=\"busy\" data-status=\"paused\" data-in-progress=\"false\"", await dashboard.Http.GetStringAsync("/scheduler/schedules/busy"));
            await client.CancelAsync(busy.Id);
        }
        finally
        {
            await StopRunTests.KillRecordedAsync(dir);
        }
    }
}
