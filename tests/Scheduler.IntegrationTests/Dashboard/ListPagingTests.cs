using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>A task list cut at its limit says that more match, over REST (a Link to the next page) and in the CLI.</summary>
public sealed class ListPagingTests
{
    private static async Task ThreeTasksAsync(RedisTestContext redis)
    {
        var client = redis.CreateClient(verifyWorkers: false);
        foreach (var id in new[] { "page-a", "page-b", "page-c" })
            await client.ScheduleAsync(new NotificationTask("hi"), "every 5 minutes", new ScheduleOptions { Id = id, Tags = ["paged"] });
    }

    [Fact]
    public async Task A_rest_page_with_more_after_it_links_the_next_page_with_the_same_filters_and_the_last_page_does_not()
    {
        await using var redis = await RedisTestContext.CreateAsync("list-paging-rest");
        await ThreeTasksAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var first = await dashboard.Http.GetAsync("/api/schedules?tag=paged&limit=2");
        var last = await dashboard.Http.GetAsync("/api/schedules?tag=paged&limit=2&offset=2");
        var whole = await dashboard.Http.GetAsync("/api/schedules?tag=paged&limit=3");

        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal("</api/schedules?tag=paged&limit=2&offset=2>; rel=\"next\"", Assert.Single(first.Headers.GetValues("Link")));
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.False(last.Headers.Contains("Link"));
        Assert.False(whole.Headers.Contains("Link"));
    }

    [Fact]
    public async Task The_cli_says_on_stderr_that_more_tasks_match_and_where_the_next_ones_start()
    {
        await using var redis = await RedisTestContext.CreateAsync("list-paging-cli");
        await ThreeTasksAsync(redis);

        var (code, output, error) = await InProcessCli.RunAsync(redis, "list", "--tag", "paged", "--limit", "2");
        var whole = await InProcessCli.RunAsync(redis, "list", "--tag", "paged", "--limit", "3");
        var json = await InProcessCli.RunAsync(redis, "list", "--tag", "paged", "--limit", "2", "--offset", "1", "--json");

        Assert.Equal(0, code);
        Assert.Equal(3, output.Trim().Split('\n').Length);
        Assert.Equal("more tasks match: these are 1 to 2; the next ones: --offset 2, or a larger --limit (at most 10000)", error.Trim());
        Assert.Equal("", whole.Err);
        Assert.Equal(4, whole.Out.Trim().Split('\n').Length);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetArrayLength());
        Assert.Equal("", json.Err);
    }
}
