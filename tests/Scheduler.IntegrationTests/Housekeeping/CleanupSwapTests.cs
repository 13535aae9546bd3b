using System.Diagnostics;
using Scheduler.Contracts.Housekeeping;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// A cleanup's directory changed under it between the allowed-roots check and the deletes (a directory along the path
/// swapped for a link), and entries that are not regular files: on real directories, Linux only (where the cleanup holds
/// its directory open: <see cref="PinnedDirectory"/>).
/// </summary>
public sealed class CleanupSwapTests
{
    [Fact]
    public void A_directory_swapped_for_a_link_to_outside_after_the_check_gets_its_deletes_and_outside_keeps_its_files()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        var parent = Path.Combine(sandbox.Allowed, "app");
        var logs = Path.Combine(parent, "logs");
        Directory.CreateDirectory(logs);
        sandbox.Write("old.log", 30, directory: logs);
        var outsideLogs = Path.Combine(sandbox.Outside, "logs");
        Directory.CreateDirectory(outsideLogs);
        var secret = sandbox.Write("old.log", 30, directory: outsideLogs);

        using var pinned = PinnedDirectory.Open(logs, sandbox.Roots, out var refusal);
        Assert.Null(refusal);
        Assert.NotNull(pinned);
        // The swap: by path, "app/logs/old.log" is now the file outside the roots.
        Directory.Move(parent, parent + "-moved");
        Directory.CreateSymbolicLink(parent, sandbox.Outside);
        Assert.True(File.Exists(Path.Combine(logs, "old.log")));

        var errors = new List<string>();
        Assert.True(pinned.TryDelete("old.log", errors));

        Assert.Empty(errors);
        Assert.True(File.Exists(secret), "the file outside the allowed roots was deleted");
        Assert.False(File.Exists(Path.Combine(parent + "-moved", "logs", "old.log")));
    }

    [Fact]
    public void A_directory_that_resolves_outside_the_roots_by_the_time_it_is_opened_is_refused()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        var parent = Path.Combine(sandbox.Allowed, "app");
        Directory.CreateDirectory(Path.Combine(sandbox.Outside, "logs"));
        Directory.CreateSymbolicLink(parent, sandbox.Outside);

        var pinned = PinnedDirectory.Open(Path.Combine(parent, "logs"), sandbox.Roots, out var refusal);

        Assert.Null(pinned);
        Assert.NotNull(refusal);
        Assert.Contains("no longer a directory within the allowed roots", refusal);
        Assert.Contains(Path.Combine(sandbox.Outside, "logs"), refusal);
    }

    [Fact]
    public void A_named_pipe_matching_the_pattern_is_left_alone_and_reported_while_regular_files_go()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        sandbox.Write("old.log", 30);
        var pipe = Path.Combine(sandbox.Logs, "pipe.log");
        using (var mkfifo = Process.Start("mkfifo", [pipe])) mkfifo.WaitForExit();
        File.SetLastWriteTimeUtc(pipe, DateTime.UtcNow - TimeSpan.FromDays(30));
        var registration = new CleanupRegistration { Id = "c1", Directory = sandbox.Logs, Pattern = "*.log", RetentionDays = 7 };

        var result = CleanupEngine.Run(registration, sandbox.Roots, dryRun: false, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(["pipe.log"], sandbox.Remaining());
        Assert.Equal(["old.log"], result.Files);
        Assert.Contains(result.Errors, e => e.Contains("\"pipe.log\" is not a regular file"));
    }
}
