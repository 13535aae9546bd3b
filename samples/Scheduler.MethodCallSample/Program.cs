using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.MethodCallSample;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Hosting;

// One program, two roles. "worker": host a Scheduler worker that can run this app's methods. Otherwise: schedule
// ReportService.SendReport(7, "weekly") every 2 seconds, 3 times, and print each run's result.
const string Queue = "reports"; // this app's own queue: the stock workers (queue "default") never take its calls
var redis = Environment.GetEnvironmentVariable("SCHEDULER_REDIS") ?? "localhost:6379";

if (args.FirstOrDefault() == "worker")
{
    return await SchedulerHost.RunAsync("reports worker", () =>
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.Configuration["Scheduler:Worker:Queues:0"] = Queue;
        builder.Services.AddSingleton<ReportCounter>();
        builder.Services.AddScoped<ReportService>();
        builder.Services.AddSchedulerWorker(builder.Configuration);
        return builder.Build();
    });
}

var prefix = Environment.GetEnvironmentVariable("SCHEDULER_PREFIX") ?? "scheduler:";
await using var client = await SchedulerClient.ConnectAsync(redis, new SchedulerClientOptions { KeyPrefix = prefix });

// The call is captured now: ReportService, SendReport(int, string), arguments [7, "weekly"] as JSON.
var task = await client.ScheduleAsync<ReportService>(s => s.SendReport(7, "weekly"), "every 2 seconds",
    // Each report stands alone: if the worker falls behind, the next one starts beside it rather than being skipped.
    new ScheduleOptions { MaxRuns = 3, Queue = Queue, Overlap = OverlapPolicy.Allow });
Console.WriteLine($"scheduled {task.Id}: {task.Name}");

var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
IReadOnlyList<TaskRun> runs = [];
while (runs.Count(r => r.IsFinal) < 3 && DateTimeOffset.UtcNow < deadline)
{
    await Task.Delay(TimeSpan.FromMilliseconds(200));
    runs = await client.GetRunsAsync(task.Id);
}
foreach (var run in runs.Where(r => r.IsFinal).OrderBy(r => r.StartedAt))
    Console.WriteLine($"run {run.RunId}: {run.Outcome} {run.Result ?? run.Error}");
return runs.Count(r => r.IsFinal && r.Outcome == RunOutcome.Succeeded) == 3 ? 0 : 1;
