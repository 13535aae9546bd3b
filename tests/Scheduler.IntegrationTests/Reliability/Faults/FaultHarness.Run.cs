using System.Globalization;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability.Faults;

public sealed partial class FaultHarness
{
    /// <summary>Runs the workload while injecting the scenario's faults, lets it settle, then counts what became of every occurrence.</summary>
    public async Task<FaultResult> RunAsync(FaultScenario scenario, Action<string>? progress = null)
    {
        var client = Context.CreateClient();
        var random = new Random(scenario.Seed);
        var start = DateTimeOffset.UtcNow;
        var work = new List<PlannedWork>();
        DateTimeOffset Spread() => start + TimeSpan.FromSeconds(2) + (scenario.Duration - TimeSpan.FromSeconds(2)) * random.NextDouble();
        void Plan(WorkKind kind, int count, Func<DateTimeOffset> due)
        {
            for (var i = 0; i < count; i++) work.Add(Workload.Create(kind, due(), random, scenario.MaxRuns));
        }
        Plan(WorkKind.Shell, scenario.Shell, Spread);
        Plan(WorkKind.Notification, scenario.Notifications, Spread);
        Plan(WorkKind.Sequence, scenario.Sequences, Spread);
        Plan(WorkKind.Recurring, scenario.Recurring, () => Spread() - scenario.Duration * 0.2);

        using var stopSubmitting = new CancellationTokenSource();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (item, _) => await FaultWorkload.SubmitAsync(client, item, stopSubmitting.Token));
        progress?.Invoke($"{work.Count} schedules created in {(DateTimeOffset.UtcNow - start).TotalSeconds:0.0}s");

        // Instant notifications keep coming through the faults; their creation retries like a careful client's.
        var submissions = new List<Task>();
        using var stopInstants = new CancellationTokenSource();
        var instants = Task.Run(async () =>
        {
            while (!stopInstants.IsCancellationRequested)
            {
                var item = Workload.Create(WorkKind.Instant, DateTimeOffset.UtcNow, random);
                lock (work) work.Add(item);
                lock (submissions) submissions.Add(FaultWorkload.SubmitAsync(client, item, stopSubmitting.Token));
                try { await Task.Delay(scenario.InstantEvery, stopInstants.Token); }
                catch (OperationCanceledException) { }
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(2));
        for (var i = 0; i < scenario.Faults.Count || DateTimeOffset.UtcNow < start + scenario.Duration; i++)
        {
            var kind = scenario.Faults[i % scenario.Faults.Count];
            // A fault proves most when it hits work in flight; on a slow machine the work may lag behind the clock.
            var inFlight = await WaitInFlightAsync(TimeSpan.FromSeconds(10));
            progress?.Invoke($"{(DateTimeOffset.UtcNow - start).TotalSeconds,6:0.0}s {kind} ({inFlight} in flight)");
            await InjectAsync(kind);
            await Task.Delay(scenario.Gap);
        }
        await stopInstants.CancelAsync();
        await instants;
        stopSubmitting.CancelAfter(scenario.Settle);
        Task[] pending;
        lock (submissions) pending = [.. submissions];
        await Task.WhenAll(pending);
        progress?.Invoke($"{(DateTimeOffset.UtcNow - start).TotalSeconds,6:0.0}s faults done; settling");

        var settled = await SettleAsync(client, work, scenario.Settle, progress);
        var healthy = await WaitHealthyAsync(TimeSpan.FromSeconds(60));
        progress?.Invoke($"{(DateTimeOffset.UtcNow - start).TotalSeconds,6:0.0}s settled={settled} healthy={healthy}");

        _failedJobs = FailedJobs();
        _inFlight = (await Context.Redis.GetDatabase().HashGetAllAsync(Context.KeyPrefix + "inflight")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        var recorded = new Dictionary<string, Recorded>();
        foreach (var item in work.Where(w => w.AckedAt is not null))
            recorded[item.Id] = new Recorded(await client.GetAsync(item.Id), await client.GetRunsAsync(item.Id, 1000), await DiagnoseAsync(item.Id));
        var tally = new FaultTally(Faults, [.. Supervisor.Kills]);
        tally.Count(work, SideChannel.Read(Workload.SideFile, Webhook), recorded, await StrandedAsync(client));
        return new FaultResult(tally, Faults, await BacklogAsync(), work.Count(w => w.AckedAt is null), Supervisor.Restarts, [.. Supervisor.UnexpectedExits],
            healthy && Supervisor.AllUp(), DateTimeOffset.UtcNow - start);
    }

    /// <summary>Waits until every acknowledged schedule is finished and nothing is in flight, or the time is up.</summary>
    private async Task<bool> SettleAsync(SchedulerClient client, List<PlannedWork> work, TimeSpan patience, Action<string>? progress)
    {
        var told = DateTimeOffset.UtcNow;
        var deadline = DateTimeOffset.UtcNow + patience;
        var open = work.Where(w => w.AckedAt is not null).Select(w => w.Id).ToList();
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                var still = new List<string>();
                foreach (var chunk in open.Chunk(64))
                {
                    var tasks = await Task.WhenAll(chunk.Select(id => client.GetAsync(id)));
                    still.AddRange(tasks.OfType<ScheduledTask>().Where(t => t.Status is ScheduleStatus.Scheduled or ScheduleStatus.Running).Select(t => t.Id));
                }
                open = still;
                if (DateTimeOffset.UtcNow - told > TimeSpan.FromSeconds(10))
                {
                    progress?.Invoke($"  still open: {open.Count} ({string.Join(", ", open.Take(5))}…); {await BacklogAsync()}");
                    told = DateTimeOffset.UtcNow;
                }
                var inFlight = await Context.Redis.GetDatabase().HashLengthAsync(Context.KeyPrefix + "inflight");
                if (open.Count == 0 && inFlight == 0)
                {
                    // A late duplicate would show up now, not never.
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    return true;
                }
            }
            catch (RedisException) { }
            await Task.Delay(500);
        }
        return false;
    }

    private async Task<long> WaitInFlightAsync(TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            long inFlight = 0;
            try { inFlight = await Context.Redis.GetDatabase().HashLengthAsync(Context.KeyPrefix + "inflight"); }
            catch (RedisException) { }
            if (inFlight > 0 || DateTimeOffset.UtcNow > deadline) return inFlight;
            await Task.Delay(100);
        }
    }

    private async Task<bool> WaitHealthyAsync(TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (Supervisor.AllUp() && await System.CountAliveAsync() == (Beats, Workers)) return true;
            await Task.Delay(250);
        }
        return false;
    }

    /// <summary>Hangfire's side at the end: jobs still queued, fetched, processing or failed.</summary>
    private async Task<string> BacklogAsync()
    {
        try
        {
            var db = Context.Redis.GetDatabase();
            var hf = Context.HangfirePrefix;
            return $"hangfire: queued={await db.ListLengthAsync(hf + "queue:default")} fetched={await db.ListLengthAsync(hf + "queue:default:dequeued")} " +
                $"processing={await db.SortedSetLengthAsync(hf + "processing")} failed={await db.SortedSetLengthAsync(hf + "failed")} " +
                $"in-flight={await db.HashLengthAsync(Context.KeyPrefix + "inflight")}{FetchedJobs(await db.ListRangeAsync(hf + "queue:default:dequeued"))}";
        }
        catch (RedisException e) { return $"hangfire: unreadable ({e.Message})"; }
    }

    /// <summary>Jobs a worker fetched but nobody is running: task id, Hangfire state and the server it names.</summary>
    private string FetchedJobs(RedisValue[] jobIds)
    {
        if (jobIds.Length == 0) return "";
        using var connection = new Infrastructure.HangfireJobs(Context).Storage.GetConnection();
        return " fetched jobs: [" + string.Join("; ", jobIds.Select(id =>
        {
            var job = connection.GetJobData(id!);
            var state = connection.GetStateData(id!);
            var server = state?.Data is { } data && data.TryGetValue("ServerId", out var s) ? s : "";
            return $"{id} task {job?.Job?.Args.FirstOrDefault()} {job?.State} {server} {state?.Reason}".TrimEnd();
        })) + "]";
    }

    private ILookup<string, string> _failedJobs = Array.Empty<string>().ToLookup(x => x);
    private Dictionary<string, string> _inFlight = [];

    /// <summary>Task id → "job id: exception" for each job in Hangfire's Failed set (the runner's first argument is the task id).</summary>
    private ILookup<string, string> FailedJobs()
    {
        var monitoring = new Infrastructure.HangfireJobs(Context).Monitoring;
        return monitoring.FailedJobs(0, 10_000).Where(j => j.Value.Job?.Args is { Count: > 0 })
            .ToLookup(j => j.Value.Job.Args[0]?.ToString() ?? "", j => $"{j.Key}: {j.Value.ExceptionType} {j.Value.ExceptionMessage}{Inner(j.Value.ExceptionDetails)}");
    }

    /// <summary>The innermost exception's line from Hangfire's stored details ("---> Type: message").</summary>
    private static string Inner(string? details)
    {
        var inner = details?.Split('\n').LastOrDefault(l => l.Contains("---> ", StringComparison.Ordinal));
        return inner is null ? "" : " (inner: " + inner[(inner.IndexOf("---> ", StringComparison.Ordinal) + 5)..].Trim() + ")";
    }

    private async Task<string> DiagnoseAsync(string id)
    {
        var failed = _failedJobs[id].ToList();
        var inFlight = _inFlight.Where(e => e.Key.StartsWith(id + ":", StringComparison.Ordinal)).Select(e => $"{e.Key}={e.Value}").ToList();
        var db = Context.Redis.GetDatabase();
        var score = await db.SortedSetScoreAsync(Context.KeyPrefix + "due", id);
        var fields = await db.HashGetAsync(Context.KeyPrefix + "task:" + id, ["nextRunAt", "fireCount", "queuedRuns", "runCount"]);
        return $"due-index={(score is { } s ? DateTimeOffset.FromUnixTimeMilliseconds((long)s).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "-")} " +
            $"nextRunAt={fields[0]} fireCount={fields[1]} queuedRuns={fields[2]} runCount={fields[3]}" +
            (inFlight.Count > 0 ? $" in-flight: [{string.Join("; ", inFlight)}]" : "") +
            (failed.Count > 0 ? $" hangfire failed: [{string.Join("; ", failed)}]" : "");
    }

    /// <summary>Task id → since when, for schedules left <c>running</c> or with an entry left in flight.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> StrandedAsync(SchedulerClient client)
    {
        var stranded = new Dictionary<string, DateTimeOffset>();
        foreach (var entry in await Context.Redis.GetDatabase().HashGetAllAsync(Context.KeyPrefix + "inflight"))
        {
            // runId → "jobId|workerId|taskId|attempt|startedMs"
            var parts = ((string)entry.Value!).Split('|');
            stranded[parts[2]] = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[4], CultureInfo.InvariantCulture));
        }
        foreach (var task in await client.ListAsync(new ScheduleFilter { Status = ScheduleStatus.Running }, 10_000))
            stranded.TryAdd(task.Id, task.LastRunAt ?? task.CreatedAt);
        return stranded;
    }
}
