using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Telemetry;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Telemetry;

/// <summary>One trace from the scheduling call through Beat's fire and the worker's attempt to its outgoing HTTP call.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Schedule_fire_execution_and_webhook_call_share_one_trace()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource([.. TelemetryNames.All, "tests"])
            .AddHttpClientInstrumentation().AddInMemoryExporter(spans).Build();
        using var meter = Sdk.CreateMeterProviderBuilder().AddMeter([.. TelemetryNames.All]).AddInMemoryExporter(metrics).Build();
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("otel");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Webhooks:ops:Url"] = webhook.Url });
        var client = redis.CreateClient();

        using var source = new ActivitySource("tests");
        ActivityTraceId traceId;
        ScheduledTask task;
        using (var root = source.StartActivity("caller"))
        {
            traceId = root!.TraceId;
            task = await client.ScheduleAsync(new NotificationTask("traced", Channels: ["ops"]), "in:1s");
        }
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the run");
        // The execute span ends after the run's status is written, the webhook call's before it.
        await SpansEndedAsync(spans, traceId, "scheduler.execute", "scheduler.attempt");
        // Stopped, not just flushed: spans of other tests running meanwhile would still be added to the list it is read from.
        tracer.Dispose();
        meter.Dispose();

        Activity Span(string name) => Assert.Single(spans, s => s.DisplayName == name && s.TraceId == traceId);
        var schedule = Span("scheduler.schedule");
        var fire = Span("scheduler.fire");
        var execute = Span("scheduler.execute");
        var attempt = Span("scheduler.attempt");
        Assert.Equal(schedule.SpanId, fire.ParentSpanId);
        Assert.Equal(fire.SpanId, execute.ParentSpanId);
        Assert.Equal(execute.SpanId, attempt.ParentSpanId);
        Assert.Equal(task.Id, execute.GetTagItem(TelemetryNames.TaskIdTag));
        Assert.Contains(spans, s => s.TraceId == traceId && s.Kind == ActivityKind.Client && s.ParentSpanId == attempt.SpanId);
        Assert.Contains(metrics, m => m.Name == TelemetryNames.TasksStarted);
        Assert.Contains(metrics, m => m.Name == TelemetryNames.FireLateness && m.Unit == "ms");
    }

    [Fact]
    public async Task Shell_task_process_is_a_span_under_its_attempt()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource([.. TelemetryNames.All, "tests"]).AddInMemoryExporter(spans).Build();
        await using var redis = await RedisTestContext.CreateAsync("otel-shell");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        using var source = new ActivitySource("tests");
        ActivityTraceId traceId;
        ScheduledTask task;
        using (var root = source.StartActivity("caller"))
        {
            traceId = root!.TraceId;
            task = await client.ScheduleAsync(new ShellTask("echo", ["traced"]), "in:1s");
        }
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the run");
        await SpansEndedAsync(spans, traceId, "scheduler.attempt", "scheduler.shell.process");
        tracer.Dispose();

        var attempt = Assert.Single(spans, s => s.DisplayName == "scheduler.attempt" && s.TraceId == traceId);
        var process = Assert.Single(spans, s => s.DisplayName == "scheduler.shell.process" && s.TraceId == traceId);
        Assert.Equal(attempt.SpanId, process.ParentSpanId);
        Assert.Equal(0, process.GetTagItem("process.exit.code"));
    }

    [Fact]
    public async Task Dashboard_serves_a_prometheus_scrape_with_scheduler_gauges()
    {
        await using var redis = await RedisTestContext.CreateAsync("otel-prom");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await redis.CreateClient().ScheduleAsync(new NotificationTask("x"), "in 1 hour");
        var scrape = await Eventually.WaitAsync(() => dashboard.Http.GetStringAsync("/metrics"), text => text.Contains("scheduler_schedules_pending"),
            TimeSpan.FromSeconds(20), "the pending-schedules gauge in the scrape");
        Assert.Contains("scheduler_workers_active", scrape);
    }

    // Spans are exported as they end, on the worker's threads: a copy of the list is read until the trace's spans named are in it.
    private static Task SpansEndedAsync(List<Activity> spans, ActivityTraceId traceId, params string[] names) =>
        Eventually.WaitAsync(() => Task.FromResult(names.All(name => spans.ToArray().Any(s => s is not null && s.TraceId == traceId && s.DisplayName == name))),
            TimeSpan.FromSeconds(10), $"the spans {string.Join(", ", names)} of the trace");
}
