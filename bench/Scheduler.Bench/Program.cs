using System.Diagnostics;
using Scheduler.Bench;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Bench.Scenarios;

if (args.Length > 0 && args[0] == HangfireServerHost.Command) return await HangfireServerHost.RunAsync(args);

BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}

// Hangfire's client and storage calls are synchronous; a larger pool minimum keeps parallel callers from starving.
ThreadPool.SetMinThreads(128, 128);
using var cancellation = new CancellationTokenSource();
var processes = new ProcessRegistry();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); processes.KillAll(); };
var ctx = new BenchContext(options, processes, cancellation.Token);
var scenarios = new (string Name, string Title, Func<BenchContext, ScenarioResult, Task> Run)[]
{
    ("enqueue", "Enqueue throughput (contracts client)", EnqueueScenario.RunAsync),
    ("e2e", "End-to-end throughput (Beat + worker processes)", EndToEndScenario.RunAsync),
    ("hangfire", "Raw Hangfire baseline", HangfireScenario.RunAsync),
    ("pairs", "Ours and raw Hangfire in back-to-back pairs (issue 16's throughput and CPU ratios, taken within each pair)", PairedScenario.RunAsync),
    ("bullmq", "BullMQ baseline", BullMqScenario.RunAsync),
    ("precision", "Fire precision (lateness due -> handler start)", PrecisionScenario.RunAsync),
    ("recurring", "Recurring scale", RecurringScenario.RunAsync),
    ("redis-cost", "Redis commands per task", RedisCostScenario.RunAsync),
    ("rules", "RFC 5545 rule evaluation (next occurrence, DTSTART 10 years back)", RuleScenario.RunAsync),
    ("hangfire-burst", "Raw Hangfire's burst: 1,000 jobs due at one instant (created then, or released then)", HangfireBurstScenario.RunAsync),
    ("pickup", "Idle workers taking jobs queued one at a time (Scheduler's fetch and Hangfire.Redis.StackExchange's)", PickupScenario.RunAsync),
    ("dashboard-100k", "Operator console with 100,000 schedules (page render, list and search API)", DashboardScenario.RunAsync),
    ("retention", "Beat's retention sweep with 100,000 finished tasks kept", RetentionScenario.RunAsync),
    ("retention-backlog", "Beat's retention sweep deleting expired tasks beside 10,000 fired runs waiting and 10,000 failed runs kept", RetentionBacklogScenario.RunAsync),
    ("inflight-scale", "Redis's cost of a recurring run's end with 0, 1,000 and 10,000 runs of other tasks in flight (the in-flight hash's scan)", InFlightScaleScenario.RunAsync),
};

Console.WriteLine($"Scheduler bench ({(options.Quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, {options.Runs} run(s) per figure, " +
                  $"{options.Tasks} tasks, {options.WorkersPerProcess} workers per process");
var failed = false;
var total = Stopwatch.StartNew();
try
{
    foreach (var (name, title, run) in scenarios.Where(s => options.Scenarios.Contains(s.Name)))
    {
        var result = new ScenarioResult(name, title);
        ctx.Results[name] = result;
        Console.WriteLine($"== {title}");
        var watch = Stopwatch.StartNew();
        try
        {
            if (!options.Baselines && name is "hangfire" or "bullmq")
                result.Skipped = "baselines are off (quick mode without --baselines)";
            else
                await run(ctx, result);
            result.Summarize();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            result.Summarize();
            result.Error = e.ToString();
            failed = true;
            Console.WriteLine($"  FAILED: {e.Message}");
        }
        result.Seconds = watch.Elapsed.TotalSeconds;
        // The machine may be shared: the load average says how much else competed for the cores meanwhile.
        if (File.Exists("/proc/loadavg")) result.Notes.Add($"load average at the end (1/5/15 min): {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        if (result.Skipped is not null) Console.WriteLine($"  skipped: {result.Skipped}");
    }
}
catch (OperationCanceledException)
{
    Console.WriteLine("cancelled");
    failed = true;
}
finally
{
    processes.KillAll();
}

ReportWriter.PrintTable(ctx.Results.Values);
Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s");
if (options.JsonPath is { } path)
{
    ReportWriter.WriteJson(path, options, ctx.Results.Values, total.Elapsed);
    Console.WriteLine($"wrote {Path.GetFullPath(path)}");
}
return failed ? 1 : 0;
