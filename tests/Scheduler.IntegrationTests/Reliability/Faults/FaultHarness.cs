using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>
/// The real system as child processes (Beats, Workers, Dashboard) under a supervisor, against a private Redis with AOF
/// (everysec) the harness may restart, kill, stall and fill; notifications go to the harness's webhook and shell work
/// writes to the harness's file, so what ran is known independently of Scheduler's own bookkeeping.
/// </summary>
public sealed partial class FaultHarness : IAsyncDisposable
{
    private const string Channel = "faultsink";
    private readonly List<FaultEvent> _faults = [];
    private readonly TestPaths.TempDirectory _files;

    private FaultHarness(PrivateRedis redis, RedisTestContext context, WebhookReceiver webhook, TestPaths.TempDirectory files)
    {
        Redis = redis;
        Context = context;
        Webhook = webhook;
        _files = files;
        Workload = new FaultWorkload(files.File("executions.log"), Channel);
    }

    public PrivateRedis Redis { get; }
    public RedisTestContext Context { get; }
    public WebhookReceiver Webhook { get; }
    public FaultWorkload Workload { get; }
    public ProcessSystem System { get; private set; } = null!;
    public Supervisor Supervisor { get; private set; } = null!;
    public int Beats { get; private set; }
    public int Workers { get; private set; }

    public IReadOnlyList<FaultEvent> Faults
    {
        get { lock (_faults) return [.. _faults]; }
    }

    public static async Task<FaultHarness> StartAsync(int beats = 2, int workers = 3)
    {
        var redis = await PrivateRedis.StartAsync();
        var harness = new FaultHarness(redis, await RedisTestContext.CreateAsync("faults", redis.ConnectionString),
            await WebhookReceiver.StartAsync(), TestPaths.CreateTempDirectory("faults"));
        try
        {
            var settings = harness.Webhook.Settings(Channel);
            // WorkerDeadAfter stays at its default (15 s): shorter than a Redis outage, a live worker that could not write
            // its heartbeat is taken for dead and its runs are re-queued while they still run (measured: run twice).
            settings["Scheduler:Beat:OrphanCheckInterval"] = "00:00:01";
            // SIGTERM hands running jobs back after this instead of waiting 15 s for them.
            settings["Scheduler:Worker:ShutdownTimeout"] = "00:00:02";
            harness.System = await ProcessSystem.StartAsync(harness.Context, beats, workers, settings);
            var slots = new Dictionary<string, Supervisor.Slot>();
            for (var i = 1; i <= beats; i++) slots[$"beat{i}"] = new("Scheduler.Beat");
            for (var i = 1; i <= workers; i++) slots[$"worker{i}"] = new("Scheduler.Worker");
            slots["dashboard"] = new("Scheduler.Dashboard", $"--Scheduler:Dashboard:Port={harness.System.Port}", "--Scheduler:Dashboard:Host=127.0.0.1");
            harness.Supervisor = new Supervisor(harness.System, slots);
            (harness.Beats, harness.Workers) = (beats, workers);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Supervisor is not null) await Supervisor.DisposeAsync();
        if (System is not null) await System.DisposeAsync();
        // A run that failed during a stall must not leave Redis stopped for the clean-up below.
        try { Redis.Resume(); }
        catch (InvalidOperationException) { }
        try { await Context.DisposeAsync(); }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException) { }
        await Webhook.DisposeAsync();
        await Redis.DisposeAsync();
        _files.Dispose();
    }
}
