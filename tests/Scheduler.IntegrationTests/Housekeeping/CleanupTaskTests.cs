using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>The <c>cleanup</c> task type run by a real worker, which grants only its configured allowed roots.</summary>
public sealed class CleanupTaskTests
{
    [Fact]
    public async Task Cleanup_task_on_a_worker_deletes_old_files_and_returns_the_JSON_report()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-task");
        await using var system = await InProcessSystem.StartAsync(redis, settings: sandbox.Settings());
        var client = redis.CreateClient();
        sandbox.Write("new.log", 1);
        sandbox.Write("old.log", 30, size: 25);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7), sandbox.Roots);

        var run = Assert.Single(await TaskRuns.RunAsync(client, new CleanupTask(id) { Execution = TaskRuns.Fast() }));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        var report = JsonSerializer.Deserialize<CleanupReport>(run.Result!, TaskTypes.JsonOptions)!;
        Assert.False(report.DryRun);
        var result = Assert.Single(report.Results);
        Assert.Equal((id, 2, 1, 25L), (result.RegistrationId, result.FilesExamined, result.FilesDeleted, result.BytesFreed));
        Assert.Equal(["new.log"], sandbox.Remaining());
    }

    [Fact]
    public async Task Dry_run_cleanup_task_reports_every_registration_higher_priority_first_and_deletes_nothing()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-task-dry");
        await using var system = await InProcessSystem.StartAsync(redis, settings: sandbox.Settings());
        var client = redis.CreateClient();
        sandbox.Write("a.log", 30);
        sandbox.Write("b.tmp", 30);
        var logs = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7), sandbox.Roots);
        var tmp = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.tmp", MaxFiles: 5, Priority: 1), sandbox.Roots);

        var run = Assert.Single(await TaskRuns.RunAsync(client, new CleanupTask(DryRun: true) { Execution = TaskRuns.Fast() }));

        using var json = JsonDocument.Parse(run.Result!);
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        // The later registration has the higher priority: it runs, and is reported, first.
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([tmp, logs], results.Select(r => r.GetProperty("registrationId").GetString()));
        Assert.Equal([0, 1], results.Select(r => r.GetProperty("filesDeleted").GetInt32()));
        Assert.Equal(["a.log", "b.tmp"], sandbox.Remaining());
    }

    [Fact]
    public async Task Worker_without_allowed_roots_fails_the_task_at_once_saying_what_to_configure()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-task-noroots");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var old = sandbox.Write("old.log", 30);
        await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7), sandbox.Roots);

        var run = Assert.Single(await TaskRuns.RunAsync(client, new CleanupTask { Execution = TaskRuns.Fast(retries: 2) }));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.StartsWith("this worker has no Scheduler:Housekeeping:AllowedRoots configured", run.Error);
        Assert.True(File.Exists(old));
    }

    [Fact]
    public async Task Cleanup_task_for_an_unknown_registration_fails_without_retrying()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-task-unknown");
        await using var system = await InProcessSystem.StartAsync(redis, settings: sandbox.Settings());

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), new CleanupTask("c404") { Execution = TaskRuns.Fast(retries: 2) }));

        Assert.Equal("cleanup registration \"c404\" does not exist; see 'scheduler cleanup list'", run.Error);
    }

    [Fact]
    public async Task Cleanup_task_with_a_refused_registration_cleans_the_others_and_fails_naming_the_refusal()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-task-refused");
        await using var system = await InProcessSystem.StartAsync(redis, settings: sandbox.Settings());
        var client = redis.CreateClient();
        sandbox.Write("old.log", 30, size: 25);
        var outsideFile = sandbox.Write("old.log", 30, directory: sandbox.Outside);
        var cleaned = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7), sandbox.Roots);
        // Registered by a client that may clean the whole sandbox; the worker allows only its "allowed" folder.
        var refused = await redis.CreateClient(verifyWorkers: false).RegisterCleanupAsync(
            new CleanupRequest(sandbox.Outside, "*.log", RetentionDays: 7), [sandbox.Base]);

        var run = Assert.Single(await TaskRuns.RunAsync(client, new CleanupTask { Execution = TaskRuns.Fast(retries: 2) }));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal(1, run.Attempt);
        Assert.StartsWith($"cleanup had problems in 1 of 2 registration(s): {refused} (\"{sandbox.Outside}\"): ", run.Error);
        Assert.Contains("Altogether 1 file(s), 25 byte(s) deleted", run.Error);
        Assert.DoesNotContain(cleaned + " (", run.Error);
        Assert.Empty(sandbox.Remaining());
        Assert.True(File.Exists(outsideFile));
    }
}
