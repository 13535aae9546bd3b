using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// One cleanup registration is run by one run at a time (a hold in Redis): a second run waits for the first and then
/// cleans what is left, one that cannot wait says who holds it, and removing the registration stops its run in progress.
/// </summary>
public sealed class CleanupRunHoldTests
{
    [Fact]
    public async Task A_second_run_of_a_registration_waits_for_the_first_so_the_first_deletes_every_file_and_neither_reports_vanished_files()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-hold-two");
        var client = redis.CreateClient();
        const int count = 20_000;
        WriteFiles(sandbox, count);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);

        var first = client.RunCleanupAsync(id, dryRun: false, sandbox.Roots);
        await DeletingAsync(sandbox, count, first);
        var second = await client.RunCleanupAsync(id, dryRun: false, sandbox.Roots);
        var firstResult = Assert.Single((await first)!.Results);
        var secondResult = Assert.Single(second!.Results);

        Assert.Equal((count - 1, 0), (firstResult.FilesDeleted, secondResult.FilesDeleted));
        Assert.Empty(firstResult.Errors);
        Assert.Empty(secondResult.Errors);
        Assert.Equal(1, secondResult.FilesExamined);
        Assert.Single(Directory.GetFiles(sandbox.Logs));
        Assert.Equal([0, count - 1], (await client.GetCleanupRunsAsync(id))!.Select(r => r.FilesDeleted));
    }

    [Fact]
    public async Task A_run_that_cannot_wait_out_another_says_who_holds_the_registration_records_nothing_and_runs_once_it_is_free()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-hold-busy");
        var client = redis.CreateClient();
        sandbox.Write("old.log", 30);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7), sandbox.Roots);
        var store = new CleanupStore(redis.Redis, new RedisKeys(redis.KeyPrefix));
        var registration = (await store.GetAsync(id))!;

        var held = await store.HoldRunAsync(id, "worker-7", TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(held.Hold);
        CleanupResult? busy;
        await using (held.Hold)
            busy = await CleanupEngine.RunAndRecordAsync(store, registration, sandbox.Roots, DateTimeOffset.UtcNow, "test", TimeSpan.FromMilliseconds(300), default);

        var error = Assert.Single(busy!.Errors);
        Assert.Contains("did not run", error, StringComparison.Ordinal);
        Assert.Contains("by worker-7", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sandbox.Logs, "old.log")));
        Assert.Empty((await client.GetCleanupRunsAsync(id))!);

        var ran = await CleanupEngine.RunAndRecordAsync(store, registration, sandbox.Roots, DateTimeOffset.UtcNow, "test", TimeSpan.Zero, default);
        Assert.Equal(1, ran!.FilesDeleted);
        Assert.Single((await client.GetCleanupRunsAsync(id))!);
        Assert.False(await redis.Redis.GetDatabase().KeyExistsAsync(redis.KeyPrefix + "cleanup-running:" + id));
    }

    [Fact]
    public async Task A_run_cleans_by_the_registration_as_it_is_once_held_after_an_update_that_kept_its_due_run()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-hold-stale");
        var client = redis.CreateClient();
        sandbox.Write("ten-days.log", 10);
        var request = new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7);
        var id = await client.RegisterCleanupAsync(request, sandbox.Roots);
        var store = new CleanupStore(redis.Redis, new RedisKeys(redis.KeyPrefix));

        // Kept 30 days now: the update leaves the due run (and so a worker's claim of the copy it read) as it was.
        await client.UpdateCleanupAsync(id, request with { RetentionDays = 30 }, sandbox.Roots);
        var hold = await store.HoldRunAsync(id, "worker-1", TimeSpan.Zero, CancellationToken.None);
        var result = await CleanupEngine.RunHeldAsync(store, hold, id, sandbox.Roots, DateTimeOffset.UtcNow, "worker-1", default);

        Assert.Equal(0, result!.FilesDeleted);
        Assert.Equal(["ten-days.log"], sandbox.Remaining());
    }

    private const int Many = 20_000;

    [Fact]
    public async Task Removing_a_registration_stops_its_run_in_progress_before_its_next_delete_and_leaves_no_history()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-hold-remove");
        var client = redis.CreateClient();

        var (id, result) = await RunInterruptedAsync(sandbox, redis, async id => Assert.True(await client.RemoveCleanupAsync(id)));

        Assert.Contains("the registration was removed while it ran", result.Errors[0], StringComparison.Ordinal);
        Assert.Equal(Many - result.FilesDeleted, Directory.GetFiles(sandbox.Logs).Length);
        Assert.Null(await client.GetCleanupRunsAsync(id));
        Assert.False(await redis.Redis.GetDatabase().KeyExistsAsync(redis.KeyPrefix + "cleanup-last-run"));
    }

    [Fact]
    public async Task A_run_whose_hold_lapsed_and_was_taken_by_another_stops_before_its_next_delete_and_says_so()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-hold-lapse");
        var db = redis.Redis.GetDatabase();

        var store = new CleanupStore(redis.Redis, new RedisKeys(redis.KeyPrefix));

        // As if the hold had lapsed under a paused run, and another run had taken it and ended first.
        var (id, result) = await RunInterruptedAsync(sandbox, redis, async id =>
        {
            await db.StringSetAsync(redis.KeyPrefix + "cleanup-running:" + id, "other 0 worker-2");
            await store.RecordRunAsync(id, new CleanupLastRun(DateTimeOffset.UtcNow, "worker-2", 1, 0, 0, []));
        });

        Assert.Contains("its hold on the registration lapsed", result.Errors[0], StringComparison.Ordinal);
        Assert.Equal("other 0 worker-2", (string?)await db.StringGetAsync(redis.KeyPrefix + "cleanup-running:" + id));
        // The late run goes into the history by its time: the newer run stays first, and the last run.
        var client = redis.CreateClient();
        Assert.Equal(["worker-2", "test"], (await client.GetCleanupRunsAsync(id))!.Select(r => r.RanBy));
        Assert.Equal("worker-2", (await client.GetCleanupAsync(id))!.LastRun!.RanBy);
    }

    // A run of a registration keeping 1 of Many files, its hold renewed every 10 ms, met by interrupt once it is deleting;
    // it must have stopped part-way.
    private static async Task<(string Id, CleanupResult Result)> RunInterruptedAsync(CleanupSandbox sandbox, RedisTestContext redis, Func<string, Task> interrupt)
    {
        WriteFiles(sandbox, Many);
        var id = await redis.CreateClient().RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        var store = new CleanupStore(redis.Redis, new RedisKeys(redis.KeyPrefix)) { RunHoldRenewal = TimeSpan.FromMilliseconds(10) };

        var run = Task.Run(() => CleanupEngine.RunAsync(store, id, dryRun: false, sandbox.Roots, DateTimeOffset.UtcNow, "test", default));
        await DeletingAsync(sandbox, Many, run);
        await interrupt(id);
        var result = Assert.Single((await run)!.Results);
        Assert.InRange(result.FilesDeleted, 1, Many - 2);
        return (id, result);
    }

    private static void WriteFiles(CleanupSandbox sandbox, int count)
    {
        for (var i = 0; i < count; i++) File.WriteAllBytes(Path.Combine(sandbox.Logs, $"f{i:D5}.log"), [1]);
    }

    // Until the run has deleted its first thousand files (or ended), so what follows happens while it deletes.
    private static async Task DeletingAsync(CleanupSandbox sandbox, int count, Task run)
    {
        while (!run.IsCompleted && Directory.EnumerateFiles(sandbox.Logs).Take(count - 1000).Count() >= count - 1000) await Task.Delay(2);
    }
}
