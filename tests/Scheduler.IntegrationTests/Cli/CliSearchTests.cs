using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary><c>scheduler list --search</c> and <c>--offset</c>: the same search and paging as the REST API's <c>q</c>.</summary>
public sealed class CliSearchTests
{
    private static string[] Ids(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    [Fact]
    public async Task List_searches_every_word_and_pages_newest_first()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-search");
        foreach (var (id, spec, tag) in new[] { ("sync-orders", "every 5 minutes", "erp"), ("sync-stock", "every 10 minutes", "erp"), ("report", "every day at 6am", "bi") })
            Assert.Equal(0, (await InProcessCli.RunAsync(redis, "schedule", "notification", spec, "-m", "hi", "--id", id, "--tag", tag)).Code);

        Assert.Equal(["sync-stock", "sync-orders"], Ids((await InProcessCli.RunAsync(redis, "list", "--search", "ERP", "--json")).Out));
        Assert.Equal(["sync-orders"], Ids((await InProcessCli.RunAsync(redis, "list", "-q", "erp 5 minutes", "--json")).Out));
        Assert.Equal(["sync-orders"], Ids((await InProcessCli.RunAsync(redis, "list", "--search", "sync", "--limit", "1", "--offset", "1", "--json")).Out));
        Assert.Empty(Ids((await InProcessCli.RunAsync(redis, "list", "--search", "sync report", "--json")).Out));
        Assert.Equal(2, (await InProcessCli.RunAsync(redis, "list", "--offset", "-1")).Code);
    }
}
