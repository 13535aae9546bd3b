using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>Cleanup registrations persisted in Redis, and the directories they refuse.</summary>
public sealed class CleanupRegistrationTests
{
    [Fact]
    public async Task Registrations_persist_in_Redis_through_register_get_update_list_and_remove()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-crud");
        var client = redis.CreateClient();

        var id = await client.RegisterCleanupAsync(sandbox.Logs, "*.log", 7, null, null, "app logs", "billing", sandbox.Roots);
        // Written with a "." part and a trailing separator, stored as the one directory it is.
        var other = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Allowed + "/./", "*.tmp", MaxFiles: 3, ModuleId: "web"), sandbox.Roots);
        Assert.Equal(sandbox.Allowed, (await client.GetCleanupAsync(other))!.Directory);

        // A second client (another process, as far as Redis can tell) sees what the first stored.
        var reader = redis.CreateClient();
        var stored = await reader.GetCleanupAsync(id);
        Assert.NotNull(stored);
        Assert.Equal((sandbox.Logs, "*.log", (int?)7, "app logs", "billing"), (stored.Directory, stored.Pattern, stored.RetentionDays, stored.Description, stored.ModuleId));

        var updated = await client.UpdateCleanupAsync(id, stored.ToRequest() with { RetentionDays = 30, MaxSizeMb = 100 }, sandbox.Roots);
        Assert.NotNull(updated);
        Assert.Equal(stored.CreatedAt, updated.CreatedAt);
        Assert.Equal(updated, await reader.GetCleanupAsync(id));

        Assert.Equal([id, other], (await reader.ListCleanupsAsync()).Select(r => r.Id));
        Assert.Equal([other], (await reader.ListCleanupsAsync("web")).Select(r => r.Id));

        Assert.True(await client.RemoveCleanupAsync(id));
        Assert.False(await client.RemoveCleanupAsync(id));
        Assert.Null(await reader.GetCleanupAsync(id));
        Assert.Equal([other], (await reader.ListCleanupsAsync()).Select(r => r.Id));
        Assert.True(Directory.Exists(sandbox.Logs));
    }

    [Fact]
    public async Task Partial_updates_made_at_once_each_keep_the_others_change_and_none_is_reported_missing()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-concurrent-update");
        var clients = Enumerable.Range(0, 3).Select(_ => redis.CreateClient()).ToArray();
        var id = await clients[0].RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1000), sandbox.Roots);

        for (var round = 1; round <= 10; round++)
        {
            var updates = await Task.WhenAll(
                Task.Run(() => clients[0].UpdateCleanupAsync(id, r => r with { MaxFiles = 1000 + round }, sandbox.Roots)),
                Task.Run(() => clients[1].UpdateCleanupAsync(id, r => r with { Description = $"round {round}" }, sandbox.Roots)),
                Task.Run(() => clients[2].UpdateCleanupAsync(id, r => r with { RetentionDays = round }, sandbox.Roots)));

            Assert.All(updates, Assert.NotNull);
            var stored = (await clients[0].GetCleanupAsync(id))!;
            Assert.Equal((1000 + round, $"round {round}", (int?)round), (stored.MaxFiles, stored.Description, stored.RetentionDays));
        }
    }

    [Fact]
    public async Task An_update_others_change_under_at_every_try_writes_nothing_and_names_the_cleanup_registration()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-update-lost");
        var (client, other) = (redis.CreateClient(), redis.CreateClient());
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1000), sandbox.Roots);
        var changes = 0;

        // Each try reads the registration, then another client changes it before the write: the write finds it changed.
        var lost = await Assert.ThrowsAsync<Contracts.Schedules.ConcurrentUpdateException>(() => client.UpdateCleanupAsync(id, r =>
        {
            var round = ++changes;
            Task.Run(() => other.UpdateCleanupAsync(id, o => o with { Description = $"other {round}" }, sandbox.Roots)).GetAwaiter().GetResult();
            return r with { MaxFiles = 5 };
        }, sandbox.Roots));

        Assert.Equal(10, changes);
        Assert.StartsWith($"cleanup registration {id} was changed by others 10 times", lost.Message);
        var stored = (await client.GetCleanupAsync(id))!;
        Assert.Equal((1000, "other 10"), (stored.MaxFiles, stored.Description));
    }

    [Fact]
    public async Task Unknown_ids_give_null_or_false_and_nothing_is_created()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-unknown");
        var client = redis.CreateClient();

        Assert.Null(await client.GetCleanupAsync("c0000"));
        Assert.Null(await client.UpdateCleanupAsync("c0000", new CleanupRequest(sandbox.Logs, "*", 1), sandbox.Roots));
        Assert.Null(await client.RunCleanupAsync("c0000", dryRun: true, sandbox.Roots));
        Assert.Null(await client.GetCleanupAsync("../etc"));
        Assert.Empty(await client.ListCleanupsAsync());
    }

    [Fact]
    public async Task Directories_outside_the_allowed_roots_the_root_and_parent_segments_are_refused()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-refuse");
        var client = redis.CreateClient();

        async Task<string> Refused(string directory, IReadOnlyList<string>? roots = null) =>
            (await Assert.ThrowsAsync<InvalidCleanupException>(() =>
                client.RegisterCleanupAsync(new CleanupRequest(directory, "*.log", RetentionDays: 1), roots ?? sandbox.Roots))).Message;

        Assert.Equal($"cleanup \"directory\" \"{sandbox.Outside}\" is outside the allowed roots ({sandbox.Allowed}); expected a directory at or below one of them",
            await Refused(sandbox.Outside));
        Assert.Equal("cleanup \"directory\" \"/\" is the filesystem root; expected a directory below it", await Refused("/", ["/"]));
        var dotdot = sandbox.Logs + "/../../outside";
        Assert.Equal($"cleanup \"directory\" \"{dotdot}\" contains a \"..\" segment; expected a path without parent-directory segments", await Refused(dotdot));
        Assert.Equal("cleanup \"directory\" \"logs\" is relative; expected an absolute path such as /var/log/myapp", await Refused("logs"));
        var missing = Path.Combine(sandbox.Allowed, "missing");
        Assert.Equal($"cleanup \"directory\" \"{missing}\" does not exist; expected an existing directory", await Refused(missing));
        Assert.StartsWith("cleanup \"directory\" is refused because no allowed roots are configured; set Scheduler:Housekeeping:AllowedRoots",
            await Refused(sandbox.Logs, []));
        Assert.Empty(await client.ListCleanupsAsync());
    }

    [Fact]
    public async Task Invalid_policies_are_refused_with_one_sentence_each()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-invalid");

        var error = await Assert.ThrowsAsync<InvalidCleanupException>(() =>
            redis.CreateClient().RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "", RetentionDays: -3, MaxFiles: 0), sandbox.Roots));

        Assert.Equal(
        [
            "cleanup \"pattern\" is empty; expected a file name pattern such as *.log",
            "cleanup \"retentionDays\" is -3; expected a whole number of days from 0 to 36500",
            "cleanup \"maxFiles\" is 0; expected 1 or more files to keep",
        ], error.Errors);
    }

    [Fact]
    public async Task A_registration_outside_the_roots_of_the_run_is_reported_and_left_untouched()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-run-refuse");
        var client = redis.CreateClient();
        var old = sandbox.Write("old.log", 30);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 1), sandbox.Roots);

        var report = await client.RunCleanupAsync(null, dryRun: false, [sandbox.Outside]);

        var result = Assert.Single(report!.Results);
        Assert.Equal(id, result.RegistrationId);
        Assert.Contains("is outside the allowed roots", Assert.Single(result.Errors));
        Assert.Equal(0, result.FilesDeleted);
        Assert.True(File.Exists(old));
    }
}
