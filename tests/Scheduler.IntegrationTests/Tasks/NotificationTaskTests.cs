using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>Notifications with a webhook channel on a real worker: delivery, failed deliveries retried like any task, timeouts and cancel.</summary>
public sealed class NotificationTaskTests
{
    private static NotificationTask ToHook(ExecutionPolicy policy) =>
        new("disk almost full", NotificationLevel.Warning, "disk", ["hook"]) { Execution = policy };

    [Fact]
    public async Task Notification_is_posted_as_JSON_to_the_configured_webhook_with_its_headers()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("notify-hook");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), ToHook(TaskRuns.Fast())));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal("delivered to: events, log, hook", run.Result);
        var (body, headers) = Assert.Single(hook.Received);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("disk almost full", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("warning", json.RootElement.GetProperty("level").GetString());
        Assert.Equal(run.TaskId, json.RootElement.GetProperty("taskId").GetString());
        Assert.Equal("secret", headers["X-Token"]);
    }

    [Fact]
    public async Task Webhook_answering_an_error_fails_the_attempt_and_is_retried()
    {
        await using var hook = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(503));
        await using var redis = await RedisTestContext.CreateAsync("notify-fail");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), ToHook(TaskRuns.Fast(retries: 1)));

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunOutcome.Failed, r.Outcome));
        Assert.Contains("webhook \"hook\" answered 503", runs[^1].Error);
        Assert.Equal(2, hook.Received.Count);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task Webhook_answering_a_redirect_fails_naming_it_and_the_target_is_never_called(int status)
    {
        await using var hook = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(status));
        await using var redis = await RedisTestContext.CreateAsync("notify-redirect");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), ToHook(TaskRuns.Fast())));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Contains($"webhook \"hook\" answered {status}", run.Error);
        Assert.Contains($"redirecting to {hook.TargetUrl}; redirects are not followed", run.Error);
        Assert.Empty(hook.TargetRequests);
    }

    [Fact]
    public async Task Webhook_answer_body_is_not_read_so_an_endless_body_does_not_hold_the_delivery()
    {
        await using var hook = await WebhookReceiver.StartAsync(endlessBody: true);
        await using var redis = await RedisTestContext.CreateAsync("notify-body");
        var settings = hook.Settings("hook");
        settings["Scheduler:Webhooks:hook:Timeout"] = "00:00:03";
        await using var system = await InProcessSystem.StartAsync(redis, settings: settings);

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), ToHook(TaskRuns.Fast())));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
    }

    [Fact]
    public async Task Webhook_URL_is_not_logged_as_it_may_carry_a_token()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("notify-nolog");
        var logs = new CapturedLogs();
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"), configureWorker: w => logs.AddTo(w.Services));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), ToHook(TaskRuns.Fast())));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(hook.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_failing_once_is_delivered_on_retry()
    {
        await using var hook = await WebhookReceiver.StartAsync((call, _) => Task.FromResult(call == 1 ? 500 : 204));
        await using var redis = await RedisTestContext.CreateAsync("notify-retry");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), ToHook(TaskRuns.Fast(retries: 2)));

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
    }

    [Fact]
    public async Task Retry_after_a_later_channel_failed_does_not_post_again_to_a_channel_already_delivered()
    {
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync((call, _) => Task.FromResult(call == 1 ? 500 : 204));
        await using var redis = await RedisTestContext.CreateAsync("notify-partial");
        var settings = first.Settings("one");
        foreach (var (key, value) in second.Settings("two")) settings[key] = value;
        await using var system = await InProcessSystem.StartAsync(redis, settings: settings);

        var runs = await TaskRuns.RunAsync(redis.CreateClient(),
            new NotificationTask("deploy done", Channels: ["one", "two"]) { Execution = TaskRuns.Fast(retries: 2) });

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
        var (_, headers) = Assert.Single(first.Received);
        Assert.Equal(2, second.Received.Count);
        Assert.Equal("delivered to: two; delivered earlier in this run: events, log, one", runs[^1].Result);
        // Each channel's key names the run and the channel, and stays the same on every try, so a receiver can drop a repeat.
        Assert.Equal($"{runs[0].RunId}/one", headers["Idempotency-Key"]);
        // Sent with its length, not chunked: simple receivers read a chunked body as empty.
        var (body, _) = first.Received.Single();
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body).ToString(), headers["Content-Length"]);
        Assert.False(headers.ContainsKey("Transfer-Encoding"));
        Assert.All(second.Received, r => Assert.Equal($"{runs[0].RunId}/two", r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task Retry_after_a_webhook_failed_neither_publishes_the_notification_event_nor_logs_it_again()
    {
        await using var hook = await WebhookReceiver.StartAsync((call, _) => Task.FromResult(call == 1 ? 500 : 204));
        await using var redis = await RedisTestContext.CreateAsync("notify-events-once");
        var logs = new CapturedLogs();
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"), configureWorker: w => logs.AddTo(w.Services));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(),
            new NotificationTask("deploy done", Channels: ["events", "hook"]) { Execution = TaskRuns.Fast(retries: 2) });

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Equal(2, hook.Received.Count);
        Assert.Equal([runs[0].RunId], await NotificationEventRunsAsync(redis));
        Assert.Single(logs.Messages("NotificationHandler"), m => m.StartsWith("Notification from task", StringComparison.Ordinal));
        Assert.Equal("delivered to: hook; delivered earlier in this run: events, log", runs[^1].Result);
    }

    [Fact]
    public async Task Retry_of_a_sequence_does_not_publish_its_notification_steps_event_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("notify-events-once-step");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("notify-events-once-step");

        // The shell step after the notification fails the first attempt of the sequence (the marker is not there yet).
        var sequence = new SequenceTask(
            [new("notify", new NotificationTask("deploy done")),
             new("check", new ShellTask("test -f \"$1\" || { touch \"$1\"; exit 1; }", [dir.File("marker")], UseShell: true), DependsOn: ["notify"])])
            { Execution = TaskRuns.Fast(retries: 2) };
        var runs = await TaskRuns.RunAsync(redis.CreateClient(), sequence);

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Equal([runs[0].RunId], await NotificationEventRunsAsync(redis));
    }

    // The run id of each notification event in the stream, in order.
    private static async Task<List<string>> NotificationEventRunsAsync(RedisTestContext redis) =>
        [.. (await redis.Redis.GetDatabase().StreamRangeAsync(new Scheduler.Contracts.Storage.RedisKeys(redis.KeyPrefix).Events))
            .Where(e => e["type"] == "scheduler.notification").Select(e => (string)e["runId"]!)];

    [Fact]
    public async Task Two_notification_steps_of_one_sequence_to_the_same_channel_are_each_delivered_under_their_own_key()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("notify-steps");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var sequence = new SequenceTask(
            [new("a", new NotificationTask("first", Channels: ["hook"])), new("b", new NotificationTask("second", Channels: ["hook"]), DependsOn: ["a"])])
            { Execution = TaskRuns.Fast() };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal([$"{run.RunId}/a/hook", $"{run.RunId}/b/hook"], hook.Received.Select(r => r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task Unknown_channel_fails_at_once_listing_the_configured_channels()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("notify-unknown");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), new NotificationTask("hi", Channels: ["slack"]) { Execution = TaskRuns.Fast(retries: 3) });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal("notification channel \"slack\" is not configured on this worker; channels: events, log, hook", run.Error);
        Assert.Empty(hook.Received);
    }

    [Fact]
    public async Task Soft_timeout_aborts_a_webhook_that_does_not_answer()
    {
        await using var hook = await WebhookReceiver.StartAsync(async (_, ct) => { await Task.Delay(30_000, ct); return 200; });
        await using var redis = await RedisTestContext.CreateAsync("notify-soft");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), ToHook(TaskRuns.Fast(softSeconds: 1, hardSeconds: 10))));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        Assert.StartsWith("soft timeout", run.Error);
    }

    [Fact]
    public async Task Cancelling_the_task_aborts_a_pending_webhook_delivery_as_Cancelled()
    {
        await using var hook = await WebhookReceiver.StartAsync(async (_, ct) => { await Task.Delay(60_000, ct); return 200; });
        await using var redis = await RedisTestContext.CreateAsync("notify-cancel");
        await using var system = await InProcessSystem.StartAsync(redis, settings: hook.Settings("hook"));
        var client = redis.CreateClient();

        var scheduled = await TaskRuns.StartAsync(client, ToHook(TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180)));
        await Eventually.WaitAsync(() => Task.FromResult(!hook.Received.IsEmpty), TaskRuns.Patience, "the webhook request");
        Assert.True(await client.CancelAsync(scheduled.Id));

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id, TimeSpan.FromSeconds(10)));
        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
    }
}
