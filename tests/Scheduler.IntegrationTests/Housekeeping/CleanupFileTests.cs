using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>Cleanups on real temporary directories: each policy, their combination, dry runs and symbolic links.</summary>
public sealed class CleanupFileTests
{
    private const int Mb = 1024 * 1024;

    private static async Task<CleanupResult> RunAsync(SchedulerClient client, CleanupSandbox sandbox, CleanupRequest request, bool dryRun = false)
    {
        var id = await client.RegisterCleanupAsync(request, sandbox.Roots);
        var report = await client.RunCleanupAsync(id, dryRun, sandbox.Roots);
        Assert.NotNull(report);
        Assert.Equal(dryRun, report.DryRun);
        return Assert.Single(report.Results);
    }

    [Fact]
    public async Task Retention_deletes_matching_files_older_than_the_retention_and_keeps_the_rest()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-retention");
        sandbox.Write("new.log", 1);
        sandbox.Write("old.log", 10, size: 30);
        sandbox.Write("older.log", 20, size: 40);
        sandbox.Write("old.txt", 20);

        var result = await RunAsync(redis.CreateClient(), sandbox, new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7));

        Assert.Equal(["new.log", "old.txt"], sandbox.Remaining());
        Assert.Equal((3, 2, 70L), (result.FilesExamined, result.FilesDeleted, result.BytesFreed));
        Assert.Equal(["older.log", "old.log"], result.Files);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Max_files_keeps_only_the_newest_files()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-count");
        for (var i = 1; i <= 5; i++) sandbox.Write($"app-{i}.log", i);

        var result = await RunAsync(redis.CreateClient(), sandbox, new CleanupRequest(sandbox.Logs, "app-*.log", MaxFiles: 2));

        Assert.Equal(["app-1.log", "app-2.log"], sandbox.Remaining());
        Assert.Equal(3, result.FilesDeleted);
    }

    [Fact]
    public async Task Max_size_deletes_the_oldest_files_until_the_total_fits()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-size");
        for (var i = 1; i <= 4; i++) sandbox.Write($"dump-{i}.bin", i, size: Mb);

        var result = await RunAsync(redis.CreateClient(), sandbox, new CleanupRequest(sandbox.Logs, "*.bin", MaxSizeMb: 2.5));

        Assert.Equal(["dump-1.bin", "dump-2.bin"], sandbox.Remaining());
        Assert.Equal(2L * Mb, result.BytesFreed);
    }

    [Fact]
    public async Task Combined_policies_delete_every_file_that_violates_any_of_them()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-combined");
        sandbox.Write("a.log", 1, size: Mb);
        sandbox.Write("b.log", 2, size: 3 * Mb);
        sandbox.Write("c.log", 3);
        sandbox.Write("d.log", 30);

        // Retention takes d; keeping 3 takes d too; 3 MB of ~4 MB takes the oldest until it fits: d, c, b.
        var result = await RunAsync(redis.CreateClient(), sandbox, new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 14, MaxFiles: 3, MaxSizeMb: 3));

        Assert.Equal(["a.log"], sandbox.Remaining());
        Assert.Equal(["d.log", "c.log", "b.log"], result.Files);
    }

    [Fact]
    public async Task Dry_run_reports_what_would_be_deleted_and_changes_nothing()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-dry");
        sandbox.Write("keep.log", 1);
        var old = sandbox.Write("old.log", 30, size: 50);
        var stamp = File.GetLastWriteTimeUtc(old);

        var result = await RunAsync(redis.CreateClient(), sandbox, new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7), dryRun: true);

        Assert.Equal((2, 1, 50L), (result.FilesExamined, result.FilesDeleted, result.BytesFreed));
        Assert.Equal(["keep.log", "old.log"], sandbox.Remaining());
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(old));
    }

    [Fact]
    public async Task Subdirectories_and_their_files_are_never_touched()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-subdir");
        var sub = Directory.CreateDirectory(Path.Combine(sandbox.Logs, "archive.log")).FullName;
        var nested = sandbox.Write("nested.log", 60, directory: sub);
        Directory.SetLastWriteTimeUtc(sub, DateTime.UtcNow.AddDays(-60));

        var result = await RunAsync(redis.CreateClient(), sandbox, new CleanupRequest(sandbox.Logs, "*", RetentionDays: 1));

        Assert.True(File.Exists(nested));
        Assert.Equal((0, 0), (result.FilesExamined, result.FilesDeleted));
    }

    [Fact]
    public async Task A_symlink_to_a_file_outside_is_deleted_neither_itself_nor_its_target()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-link-file");
        var target = sandbox.Write("secret.log", 90, directory: sandbox.Outside);
        File.CreateSymbolicLink(Path.Combine(sandbox.Logs, "escape.log"), target);
        var linkedDir = Directory.CreateSymbolicLink(Path.Combine(sandbox.Logs, "more"), sandbox.Outside).FullName;
        sandbox.Write("real.log", 90);

        var result = await RunAsync(redis.CreateClient(), sandbox, new CleanupRequest(sandbox.Logs, "*", RetentionDays: 1));

        Assert.True(File.Exists(target));
        Assert.Equal(["escape.log", "more"], sandbox.Remaining());
        Assert.True(Directory.Exists(linkedDir));
        Assert.Equal((1, 1), (result.FilesExamined, result.FilesDeleted));
        Assert.Equal(["real.log"], result.Files);
    }

    [Fact]
    public async Task A_registered_directory_that_is_a_symlink_is_refused()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-link-dir");
        var link = Path.Combine(sandbox.Allowed, "link");
        Directory.CreateSymbolicLink(link, sandbox.Outside);
        sandbox.Write("secret.log", 90, directory: sandbox.Outside);

        var error = await Assert.ThrowsAsync<InvalidCleanupException>(() =>
            redis.CreateClient().RegisterCleanupAsync(new CleanupRequest(link, "*", RetentionDays: 1), sandbox.Roots));

        Assert.Equal($"cleanup \"directory\" \"{link}\" is a symbolic link; expected a real directory (links are never followed)", error.Message);
        Assert.True(File.Exists(Path.Combine(sandbox.Outside, "secret.log")));
    }

    [Fact]
    public async Task A_directory_reached_through_a_linked_ancestor_outside_the_roots_is_refused()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-link-parent");
        Directory.CreateDirectory(Path.Combine(sandbox.Outside, "deep"));
        Directory.CreateSymbolicLink(Path.Combine(sandbox.Allowed, "via"), sandbox.Outside);
        var directory = Path.Combine(sandbox.Allowed, "via", "deep");

        var error = await Assert.ThrowsAsync<InvalidCleanupException>(() =>
            redis.CreateClient().RegisterCleanupAsync(new CleanupRequest(directory, "*", RetentionDays: 1), sandbox.Roots));

        Assert.Contains("is outside the allowed roots", error.Message);
    }

    [Fact]
    public async Task A_link_whose_target_climbs_out_through_another_link_is_refused()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-link-climb");
        Directory.CreateDirectory(Path.Combine(sandbox.Outside, "deep"));
        Directory.CreateDirectory(Path.Combine(sandbox.Outside, "b", "logs"));
        var precious = sandbox.Write("precious.log", 90, directory: Path.Combine(sandbox.Outside, "b", "logs"));
        // "evil/.." is the parent of where evil points (outside), not the allowed folder "evil" is in.
        Directory.CreateSymbolicLink(Path.Combine(sandbox.Allowed, "evil"), Path.Combine(sandbox.Outside, "deep"));
        Directory.CreateSymbolicLink(Path.Combine(sandbox.Allowed, "a"), "evil/../b");
        Directory.CreateDirectory(Path.Combine(sandbox.Allowed, "b", "logs"));
        var directory = Path.Combine(sandbox.Allowed, "a", "logs");

        var error = await Assert.ThrowsAsync<InvalidCleanupException>(() =>
            redis.CreateClient().RegisterCleanupAsync(new CleanupRequest(directory, "*", RetentionDays: 1), sandbox.Roots));

        Assert.Contains("is outside the allowed roots", error.Message);
        Assert.True(File.Exists(precious));
    }
}
