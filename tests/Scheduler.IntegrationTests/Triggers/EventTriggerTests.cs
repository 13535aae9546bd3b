using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>on: specs on real processes: publish by REST, CLI and client; kept while no worker runs; once across beats.</summary>
public sealed class EventTriggerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_event_published_while_no_worker_runs_is_kept_and_runs_once_with_its_payload_when_a_worker_starts()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-kept");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 0);
        try
        {
            var client = redis.CreateClient();
            await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", "printf '%s %s' \"$SCHEDULER_EVENT_NAME\" \"$SCHEDULER_EVENT_PAYLOAD\""]),
                "on:file-uploaded", new ScheduleOptions { Id = "ingest" });
            await client.ScheduleAsync(new NotificationTask("paused"), "on:file-uploaded", new ScheduleOptions { Id = "paused-one" });
            await client.PauseAsync("paused-one");

            var env = new Dictionary<string, string?>(system.Environment) { ["SCHEDULER_PREFIX"] = redis.KeyPrefix };
            var published = await ChildProcess.RunAsync("Scheduler.Cli", ["publish", "file-uploaded", "--data", "{\"file\":\"a.csv\"}", "--json"], env, Patience);
            Assert.True(published.ExitCode == 0, published.Output);
            var answer = JsonDocument.Parse(published.Output.Trim()).RootElement;
            Assert.Equal(["ingest"], answer.GetProperty("tasks").EnumerateArray().Select(t => t.GetString()));
            var badData = await ChildProcess.RunAsync("Scheduler.Cli", ["publish", "file-uploaded", "--data", "{not json"], env, Patience);
            Assert.Equal(2, badData.ExitCode);
            Assert.Contains("--data is not JSON", badData.Output);

            var nobody = await (await system.Http.PostAsJsonAsync("/api/events/nobody-listens", new { x = 1 })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(0, nobody.GetProperty("tasks").GetArrayLength());
            var badName = await system.Http.PostAsync("/api/events/bad%20name", null);
            Assert.Equal(400, (int)badName.StatusCode);

            // Beat has turned the trigger into a queued job by now (the fired event); with no worker it cannot have run.
            await Eventually.WaitAsync(() => client.GetAsync("ingest"), t => t!.Status == ScheduleStatus.Scheduled, Patience, "ingest to stay scheduled");
            await Eventually.WaitAsync(async () => (await redis.Redis.GetDatabase().StreamRangeAsync(redis.KeyPrefix + "events"))
                    .Any(e => e["type"] == SchedulerEvents.Fired && e["taskId"] == "ingest"),
                Patience, "Beat to fire the trigger");
            Assert.Empty(await client.GetRunsAsync("ingest"));

            system.Start("worker1", "Scheduler.Worker");
            var runs = await Eventually.WaitAsync(() => client.GetRunsAsync("ingest"), r => r.Count >= 1, Patience, "the kept trigger to run on the new worker");
            var run = Assert.Single(runs);
            Assert.Equal(RunOutcome.Succeeded, run.Outcome);
            Assert.Equal("file-uploaded {\"file\":\"a.csv\"}", JsonDocument.Parse(run.Result!).RootElement.GetProperty("stdout").GetString());
            Assert.Equal(("on", "file-uploaded", "{\"file\":\"a.csv\"}"), (run.Trigger!.Kind, run.Trigger.Source, run.Trigger.Payload));
            Assert.Empty(await client.GetRunsAsync("paused-one"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\nprocess output:\n{system.Logs()}");
        }
    }

    [Fact]
    public async Task With_two_beats_and_two_workers_every_published_event_runs_each_subscribed_task_exactly_once()
    {
        const int events = 25;
        await using var redis = await RedisTestContext.CreateAsync("trigger-beats");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 2, workers: 2);
        try
        {
            var client = redis.CreateClient();
            var allow = new ScheduleOptions { Overlap = OverlapPolicy.Allow };
            await client.ScheduleAsync(new NotificationTask("first"), "on:tick", allow with { Id = "first" });
            await client.ScheduleAsync(new NotificationTask("second"), "on:tick", allow with { Id = "second" });

            var triggerIds = new List<string>();
            for (var i = 0; i < events; i++)
            {
                var published = i % 2 == 0
                    ? await client.PublishAsync("tick", new { n = i })
                    : await (await system.Http.PostAsJsonAsync("/api/events/tick", new { n = i })).Content.ReadFromJsonAsync<PublishAnswer>() is { } a
                        ? new Contracts.Scheduling.Triggers.PublishedEvent(a.Name, a.TriggerId, a.Tasks) : null;
                Assert.Equal(["first", "second"], published!.TaskIds.Order());
                triggerIds.Add(published.TriggerId!);
            }
            Assert.Equal(events, triggerIds.Distinct().Count());

            foreach (var id in new[] { "first", "second" })
            {
                await Eventually.WaitAsync(() => client.GetRunsAsync(id, 1000), r => r.Count >= events, Patience, $"{id} to run {events} times");
            }
            // No late duplicate shows up, from either beat.
            await Task.Delay(TimeSpan.FromSeconds(2));
            foreach (var id in new[] { "first", "second" })
            {
                var runs = await client.GetRunsAsync(id, 1000);
                Assert.Equal(events, runs.Count);
                Assert.Equal(triggerIds.Order(), runs.Select(r => r.Trigger!.Id).Order());
                Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
                Assert.Equal(events, (await client.GetAsync(id))!.RunCount);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\nprocess output:\n{system.Logs()}");
        }
    }

    private sealed record PublishAnswer(string Name, string? TriggerId, IReadOnlyList<string> Tasks);
}
