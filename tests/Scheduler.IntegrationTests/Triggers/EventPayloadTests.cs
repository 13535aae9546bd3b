using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>An event's payload: whole to the handler, cut in the run record a task's history keeps, refused past its limit.</summary>
public sealed class EventPayloadTests
{
    [Fact]
    public async Task A_large_payload_reaches_the_handler_whole_is_kept_cut_in_the_run_record_and_one_past_the_limit_is_refused()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-payload");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", "printf '%s' \"${#SCHEDULER_EVENT_PAYLOAD}\""]), "on:big-upload", new ScheduleOptions { Id = "sizer" });
        var payload = JsonSerializer.Serialize(new { data = new string('x', 90_000) });

        await client.PublishAsync("big-upload", payload);

        var run = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync("sizer"), r => r.Count >= 1 && r[0].IsFinal, TaskRuns.Patience, "the triggered run"));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal(payload.Length.ToString(), JsonDocument.Parse(run.Result!).RootElement.GetProperty("stdout").GetString());
        // The worker's MaxResultLength (64 KiB by default), as for a run's own result.
        Assert.Equal(payload[..(64 * 1024)] + "…[truncated]", run.Trigger!.Payload);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync("big-upload", new string('1', SchedulerClient.MaxEventPayloadLength + 1)));
        Assert.Contains("is 1,048,577 characters; expected at most 1,048,576", refused.Message);
        Assert.Single(await client.GetRunsAsync("sizer"));
    }

    [Fact]
    public async Task A_payload_too_long_for_one_environment_variable_reaches_a_shell_task_whole_in_a_file_removed_after_the_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-payload-file");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c",
            "printf '%s|%s|%s' \"$(wc -c < \"$SCHEDULER_EVENT_PAYLOAD_FILE\" | tr -d ' ')\" \"${SCHEDULER_EVENT_PAYLOAD-unset}\" \"$SCHEDULER_EVENT_PAYLOAD_FILE\""]),
            "on:wide-upload", new ScheduleOptions { Id = "wide" });
        // 50,000 characters of three bytes each: under the payload limit, past what Linux takes in one variable.
        var payload = "{\"data\":\"" + new string('\u6F22', 50_000) + "\"}";

        await client.PublishAsync("wide-upload", payload);

        var run = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync("wide"), r => r.Count >= 1 && r[0].IsFinal, TaskRuns.Patience, "the triggered run"));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        var parts = JsonDocument.Parse(run.Result!).RootElement.GetProperty("stdout").GetString()!.Split('|');
        Assert.Equal((System.Text.Encoding.UTF8.GetByteCount(payload).ToString(), "unset"), (parts[0], parts[1]));
        Assert.False(File.Exists(parts[2]));
    }
}
