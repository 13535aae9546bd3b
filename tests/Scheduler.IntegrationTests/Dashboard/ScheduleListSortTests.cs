using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The schedules page sorts by a click on a column heading, the order kept in the URL through paging, and says how many
/// tasks match and which of them a page shows; the REST list takes the same <c>sort</c>, and refuses a key it does not know.
/// </summary>
public sealed class ScheduleListSortTests
{
    // Names, next runs and last runs in three different orders, so each sort is told apart from the others.
    private static async Task FourTasksAsync(RedisTestContext redis)
    {
        var client = redis.CreateClient(verifyWorkers: false);
        // Created in this order a few milliseconds apart: the list's default order is newest first, and two tasks created
        // within one millisecond (a fast machine) would tie.
        foreach (var (spec, id, name) in new[] { ("in 3 hours", "t-charlie", "charlie"), ("in 10 minutes", "t-alpha", "Alpha"), ("in 1 hour", "t-bravo", "bravo"), ("in 2 hours", "t-delta", "<b>delta</b>") })
        {
            await client.ScheduleAsync(new NotificationTask("hi"), spec, new ScheduleOptions { Id = id, Name = name });
            await Task.Delay(5);
        }
        await client.CancelAsync("t-delta");
        var db = redis.Redis.GetDatabase();
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, agoMinutes, outcome) in new[] { ("t-charlie", 5, "succeeded"), ("t-bravo", 50, "failed"), ("t-alpha", 20, "failed") })
            await db.HashSetAsync(redis.KeyPrefix + "task:" + id, [new("lastRunAt", now.AddMinutes(-agoMinutes).ToUnixTimeMilliseconds()), new("lastOutcome", outcome)]);
    }

    [Fact]
    public async Task A_heading_click_sorts_the_page_by_that_column_and_the_next_click_reverses_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("list-sort-page");
        await FourTasksAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var unsorted = await dashboard.Http.GetStringAsync("/scheduler/schedules");
        Assert.Equal(["<b>delta</b>", "bravo", "Alpha", "charlie"], Names(unsorted));
        Assert.Equal("/scheduler/schedules?sort=name", Href(unsorted, "sort-name"));

        var byName = await dashboard.Http.GetStringAsync(Href(unsorted, "sort-name"));
        Assert.Equal(["<b>delta</b>", "Alpha", "bravo", "charlie"], Names(byName));
        Assert.Contains("<th aria-sort=\"ascending\"><a data-testid=\"sort-name\" data-sort=\"-name\"", byName);
        Assert.Contains("&lt;b&gt;delta&lt;/b&gt;", byName);
        Assert.DoesNotContain("<b>delta</b>", byName);
        Assert.Equal(["charlie", "bravo", "Alpha", "<b>delta</b>"], Names(await dashboard.Http.GetStringAsync(Href(byName, "sort-name"))));

        // Soonest first; a task with no next run (cancelled) last, in either direction.
        Assert.Equal(["Alpha", "bravo", "charlie", "<b>delta</b>"], Names(await dashboard.Http.GetStringAsync("/scheduler/schedules?sort=next")));
        Assert.Equal(["charlie", "bravo", "Alpha", "<b>delta</b>"], Names(await dashboard.Http.GetStringAsync("/scheduler/schedules?sort=-next")));
        // Last run: the latest first at the first click; never run, last.
        Assert.Equal("/scheduler/schedules?sort=-last", Href(unsorted, "sort-last"));
        Assert.Equal(["charlie", "Alpha", "bravo", "<b>delta</b>"], Names(await dashboard.Http.GetStringAsync("/scheduler/schedules?sort=-last")));
        // Outcome: the failures together, the latest failure first.
        Assert.Equal(["Alpha", "bravo", "charlie", "<b>delta</b>"], Names(await dashboard.Http.GetStringAsync("/scheduler/schedules?sort=-outcome")));
        Assert.Equal("cancelled", Regex.Match(await dashboard.Http.GetStringAsync("/scheduler/schedules?sort=-status"),
            "data-testid=\"schedule-status\" data-field=\"status\">([^<]*)<").Groups[1].Value);

        // A filter keeps the order, and the order the filter.
        var failing = await dashboard.Http.GetStringAsync("/scheduler/schedules?outcome=failed&sort=name");
        Assert.Equal(["Alpha", "bravo"], Names(failing));
        Assert.Equal("/scheduler/schedules?outcome=failed&sort=-name", Href(failing, "sort-name"));
        Assert.Contains("<input type=\"hidden\" name=\"sort\" value=\"name\">", failing);
        Assert.Equal("2 tasks match", Total(failing));
    }

    [Fact]
    public async Task The_page_counts_every_task_and_pages_through_all_of_them_in_the_chosen_order()
    {
        await using var redis = await RedisTestContext.CreateAsync("list-sort-paging");
        var client = redis.CreateClient(verifyWorkers: false);
        for (var i = 0; i < 55; i++)
            await client.ScheduleAsync(new NotificationTask("hi"), "every 1 hour", new ScheduleOptions { Id = $"p-{i:00}", Name = $"task {i:00}" });
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var first = await dashboard.Http.GetStringAsync("/scheduler/schedules?sort=name");
        Assert.Equal("55 tasks", Total(first));
        Assert.Equal("showing 1–50 of 55", Showing(first));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"task {i:00}"), Names(first));
        Assert.Contains("data-matching=\"55\"", first);
        Assert.Null(Href(first, "page-previous", required: false));
        Assert.Equal("/scheduler/schedules?sort=name&offset=50", Href(first, "page-next"));

        var second = await dashboard.Http.GetStringAsync(Href(first, "page-next"));
        Assert.Equal(Enumerable.Range(50, 5).Select(i => $"task {i:00}"), Names(second));
        Assert.Equal("showing 51–55 of 55", Showing(second));
        Assert.Null(Href(second, "page-next", required: false));
        Assert.Equal("/scheduler/schedules?sort=name", Href(second, "page-previous"));

        // Unsorted, newest first, counted as well.
        var newest = await dashboard.Http.GetStringAsync("/scheduler/schedules?offset=50");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"task {4 - i:00}"), Names(newest));
        Assert.Equal("55 tasks", Total(newest));

        // Beyond the end: said, with the way back.
        var beyond = await dashboard.Http.GetStringAsync("/scheduler/schedules?sort=name&offset=500");
        Assert.Contains("No schedules on this page: the 55 tasks matching end before item 501.", beyond);
        Assert.Equal("/scheduler/schedules?sort=name&offset=50", Href(beyond, "page-previous"));
    }

    [Fact]
    public async Task A_sort_or_offset_the_page_does_not_know_is_said_and_the_list_shown_newest_first()
    {
        await using var redis = await RedisTestContext.CreateAsync("list-sort-bad-page");
        await FourTasksAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.GetAsync("/scheduler/schedules?sort=%3Cscript%3E&offset=abc");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("sort &quot;&lt;script&gt;&quot; is not a sort key, so the list is newest first; expected one of name, type, status, next, last, outcome, runs, created", html);
        Assert.Contains("offset &quot;abc&quot; is not a position (0 or more), so the list starts at the first task", html);
        Assert.DoesNotContain("<script>\"", html);
        Assert.Equal(["<b>delta</b>", "bravo", "Alpha", "charlie"], Names(html));
    }

    [Fact]
    public async Task The_rest_list_sorts_pages_in_that_order_and_refuses_an_unknown_sort_key_naming_the_accepted_ones()
    {
        await using var redis = await RedisTestContext.CreateAsync("list-sort-rest");
        await FourTasksAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var first = await dashboard.Http.GetAsync("/api/schedules?sort=name&limit=3");
        Assert.Equal(["t-delta", "t-alpha", "t-bravo"], Ids(await first.Content.ReadAsStringAsync()));
        Assert.Equal("</api/schedules?sort=name&limit=3&offset=3>; rel=\"next\"", Assert.Single(first.Headers.GetValues("Link")));
        var last = await dashboard.Http.GetAsync("/api/schedules?sort=name&limit=3&offset=3");
        Assert.Equal(["t-charlie"], Ids(await last.Content.ReadAsStringAsync()));
        Assert.False(last.Headers.Contains("Link"));
        Assert.Equal(["t-charlie", "t-alpha", "t-bravo", "t-delta"], Ids(await dashboard.Http.GetStringAsync("/api/schedules?sort=-last")));
        Assert.Equal(["t-bravo", "t-alpha"], Ids(await dashboard.Http.GetStringAsync("/api/schedules?sort=-name&outcome=failed")));
        Assert.Equal(["t-charlie", "t-alpha"], Ids(await dashboard.Http.GetStringAsync("/api/schedules?sort=-name&name=HA")));
        Assert.Equal(["t-alpha", "t-bravo"], Ids(await dashboard.Http.GetStringAsync("/api/schedules?sort=next&q=notification%20scheduled&status=scheduled&limit=2")));

        var bad = await dashboard.Http.GetAsync("/api/schedules?sort=nextRun");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unknown sort \"nextRun\"; expected one of name, type, status, next, last, outcome, runs, created, each with a leading '-' for descending",
            problem.GetProperty("detail").GetString());
        Assert.Equal("sort", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Filters_the_first_pass_decides_and_those_it_does_not_count_and_sort_alike()
    {
        await using var redis = await RedisTestContext.CreateAsync("list-sort-decided");
        await FourTasksAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        // Status and outcome alone: the rows' few fields decide, only the page is read whole.
        var failing = await dashboard.Http.GetStringAsync("/scheduler/schedules?status=scheduled&outcome=failed&sort=-name");
        Assert.Equal(["bravo", "Alpha"], Names(failing));
        Assert.Contains("data-total=\"2\"", failing);
        Assert.Contains("data-total=\"3\"", await dashboard.Http.GetStringAsync("/scheduler/schedules?status=scheduled&sort=name"));
        // A name filter needs the whole record.
        var named = await dashboard.Http.GetStringAsync("/scheduler/schedules?status=scheduled&outcome=failed&name=alp&sort=-name");
        Assert.Equal(["Alpha"], Names(named));
        Assert.Contains("data-total=\"1\"", named);
    }

    private static List<string> Names(string html) =>
        [.. Regex.Matches(html, "data-testid=\"schedule-name\" href=\"[^\"]*\">([^<]*)</a>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static List<string> Ids(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    private static string Total(string html) =>
        Regex.Match(html, "data-testid=\"schedule-total\"[^>]*><strong>([^<]*)</strong>").Groups[1].Value;

    private static string Showing(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "data-testid=\"schedule-showing\">([^<]*)<").Groups[1].Value);

    private static string? Href(string html, string testId, bool required = true)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\"[^>]*href=\"([^\"]*)\"");
        Assert.True(match.Success || !required, $"no {testId} link");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }
}
