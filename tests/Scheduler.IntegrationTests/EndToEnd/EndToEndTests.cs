using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.EndToEnd;

/// <summary>The whole system as real processes: one beat, two workers, the dashboard and the CLI.</summary>
public sealed class EndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Schedules_flow_through_real_beat_workers_dashboard_and_cli()
    {
        await using var redis = await RedisTestContext.CreateAsync("e2e");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2);
        try
        {
            await RunScenarioAsync(redis, system);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\nprocess output:\n{system.Logs()}");
        }
    }

    private static async Task RunScenarioAsync(RedisTestContext redis, ProcessSystem system)
    {
        var client = redis.CreateClient();
        var oneShots = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => client.ScheduleAsync(new NotificationTask($"one-shot {i}"), i % 2 == 0 ? "in 2 seconds" : "in:2s")));
        var periodic = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s");
        var natural = await client.ScheduleAsync(new NotificationTask("natural language"), "every 2 seconds");

        foreach (var task in oneShots)
            await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, Patience, $"one-shot {task.Id} to complete");
        await Eventually.WaitAsync(() => client.GetRunsAsync(periodic.Id), r => r.Count >= 3, Patience, "three periodic runs");
        await Eventually.WaitAsync(() => client.GetRunsAsync(natural.Id), r => r.Count >= 2, Patience, "two natural-language runs");

        // Exactly once across both workers: one attempt per one-shot, and no late duplicate shows up.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var oneShotRuns = new List<TaskRun>();
        foreach (var task in oneShots)
        {
            var runs = await client.GetRunsAsync(task.Id);
            var run = Assert.Single(runs);
            Assert.Equal(RunOutcome.Succeeded, run.Outcome);
            oneShotRuns.Add(run);
        }
        Assert.All(oneShotRuns, r => Assert.StartsWith("worker:", r.WorkerId));
        var countBefore = (await client.GetRunsAsync(periodic.Id)).Count;
        await Eventually.WaitAsync(() => client.GetRunsAsync(periodic.Id), r => r.Count > countBefore, Patience, "the periodic schedule to keep firing");

        var listed = await system.Http.GetFromJsonAsync<JsonElement>("/api/schedules?limit=100");
        var listedIds = listed.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.Superset(oneShots.Select(t => t.Id).Append(periodic.Id).Append(natural.Id).ToHashSet(), listedIds!);
        var runsJson = await system.Http.GetFromJsonAsync<JsonElement>($"/api/tasks/{oneShots[0].Id}/runs");
        Assert.Equal("succeeded", runsJson[0].GetProperty("outcome").GetString());

        Assert.Equal(HttpStatusCode.OK, (await system.Http.GetAsync("/")).StatusCode);
        var succeededPage = await system.Http.GetStringAsync("/jobs/succeeded?from=0&count=500");
        Assert.Contains(oneShots.Select(t => t.Id), id => succeededPage.Contains(id));

        var env = new Dictionary<string, string?>(system.Environment) { ["SCHEDULER_PREFIX"] = redis.KeyPrefix };
        var info = await ChildProcess.RunAsync("Scheduler.Cli", ["info", oneShots[0].Id], env, Patience);
        Assert.True(info.ExitCode == 0, info.Output);
        Assert.Contains("succeeded", info.Output);
        var viaCli = await ChildProcess.RunAsync("Scheduler.Cli", ["schedule", "notification", "in 1 second", "--message", "from the cli", "--json"], env, Patience);
        Assert.True(viaCli.ExitCode == 0, viaCli.Output);
        var cliTaskId = JsonDocument.Parse(viaCli.Output.Trim()).RootElement.GetProperty("id").GetString()!;
        await Eventually.WaitAsync(() => client.GetAsync(cliTaskId), t => t!.Status == ScheduleStatus.Completed, Patience, "the CLI's task to run");

        var cancel = await ChildProcess.RunAsync("Scheduler.Cli", ["cancel", periodic.Id], env, Patience);
        Assert.True(cancel.ExitCode == 0, cancel.Output);
        var cancelled = await system.Http.GetFromJsonAsync<JsonElement>($"/api/tasks/{periodic.Id}/schedule");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var missing = await ChildProcess.RunAsync("Scheduler.Cli", ["info", "no-such-task"], env, Patience);
        Assert.Equal(3, missing.ExitCode);
    }
}
