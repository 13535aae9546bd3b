using System.Diagnostics;
using Scheduler.Contracts.Housekeeping;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// A cleanup's directory changed under it between the allowed-roots check and the deletes (a directory along the path
/// swapped for a link, a file written to since the listing), entries that are not regular files, files or a directory
/// the worker may not touch: on real directories, Linux only (where the cleanup holds its directory open:
/// <see cref="PinnedDirectory"/>).
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
        var written = new FileInfo(sandbox.Write("old.log", 30, directory: logs));
        var listed = new CleanupFile("old.log", written.Length, written.LastWriteTimeUtc); // as the listing saw it
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
        Assert.True(pinned.TryDelete(listed, dryRun: false, errors));

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

    // A dry run makes the real run's checks, so it reports the pipe as left alone as the real run does.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_named_pipe_matching_the_pattern_is_left_alone_and_reported_while_regular_files_go(bool dryRun)
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        sandbox.Write("old.log", 30);
        var pipe = Path.Combine(sandbox.Logs, "pipe.log");
        using (var mkfifo = Process.Start("mkfifo", [pipe])) mkfifo.WaitForExit();
        File.SetLastWriteTimeUtc(pipe, DateTime.UtcNow - TimeSpan.FromDays(30));
        var registration = new CleanupRegistration { Id = "c1", Directory = sandbox.Logs, Pattern = "*.log", RetentionDays = 7 };

        var result = CleanupEngine.Run(registration, sandbox.Roots, dryRun, DateTimeOffset.UtcNow, CancellationToken.None);

        string[] remaining = dryRun ? ["old.log", "pipe.log"] : ["pipe.log"];
        Assert.Equal(remaining, sandbox.Remaining());
        Assert.Equal(["old.log"], result.Files);
        Assert.Equal(1, result.FilesDeleted);
        Assert.Contains(result.Errors, e => e.Contains("\"pipe.log\" is not a regular file"));
    }

    [Fact]
    public void A_file_written_to_after_it_was_listed_is_left_alone_and_reported()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        var path = sandbox.Write("app.log", 30);
        var listed = new FileInfo(path);
        var file = new CleanupFile("app.log", listed.Length, listed.LastWriteTimeUtc);
        using var pinned = PinnedDirectory.Open(sandbox.Logs, sandbox.Roots, out var refusal);
        Assert.Null(refusal);
        // The application appends to the log between the listing (30 days old: doomed) and the delete.
        File.AppendAllText(path, "fresh line\n");

        var errors = new List<string>();
        Assert.False(pinned!.TryDelete(file, dryRun: false, errors));

        Assert.True(File.Exists(path), "a file written to after the listing was deleted with its new content");
        Assert.Contains(errors, e => e.Contains("\"app.log\" changed since it was listed"));
    }

    [Fact]
    public void Files_last_written_at_the_file_systems_own_nanoseconds_are_not_taken_for_changed()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        // Written by the kernel's clock (nanoseconds, finer than .NET's 100 ns ticks), not set by .NET.
        foreach (var name in new[] { "a.log", "b.log", "c.log" })
        {
            File.WriteAllText(Path.Combine(sandbox.Logs, name), name);
            Thread.Sleep(20);
        }
        var registration = new CleanupRegistration { Id = "c1", Directory = sandbox.Logs, Pattern = "*.log", MaxFiles = 1 };

        var result = CleanupEngine.Run(registration, sandbox.Roots, dryRun: false, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Empty(result.Errors);
        Assert.Equal(["c.log"], sandbox.Remaining());
    }

    [Fact]
    public void A_file_that_cannot_be_deleted_is_reported_with_the_reason_and_the_other_files_still_go()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        sandbox.Write("a.log", 30);
        var locked = sandbox.Write("b.log", 20);
        sandbox.Write("c.log", 10);
        // Immutable: unlink fails with EPERM even for root (tests run as root in CI, where a read-only mode would not stop it).
        if (!RunQuietly("chattr", "+i", locked)) return; // a file system or container without chattr
        try
        {
            var registration = new CleanupRegistration { Id = "c1", Directory = sandbox.Logs, Pattern = "*.log", RetentionDays = 7 };

            var result = CleanupEngine.Run(registration, sandbox.Roots, dryRun: false, DateTimeOffset.UtcNow, CancellationToken.None);

            Assert.Equal(["b.log"], sandbox.Remaining());
            Assert.Equal(["a.log", "c.log"], result.Files);
            var error = Assert.Single(result.Errors);
            Assert.Contains("\"b.log\" could not be deleted: Operation not permitted", error);
        }
        finally
        {
            RunQuietly("chattr", "-i", locked);
        }
    }

    [Fact]
    public void Errors_of_a_directory_with_many_files_left_alone_are_listed_up_to_a_limit_and_the_rest_counted()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        var pipes = Enumerable.Range(0, CleanupResult.MaxListedErrors + 50).Select(i => Path.Combine(sandbox.Logs, $"p{i:D3}.log")).ToArray();
        Assert.True(RunQuietly("mkfifo", pipes));
        var registration = new CleanupRegistration { Id = "c1", Directory = sandbox.Logs, Pattern = "*.log", MaxFiles = 1 };

        var result = CleanupEngine.Run(registration, sandbox.Roots, dryRun: true, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(CleanupResult.MaxListedErrors + 1, result.Errors.Count);
        Assert.Equal($"and {pipes.Length - 1 - CleanupResult.MaxListedErrors} more file(s) left alone or not deleted", result.Errors[^1]);
    }

    private static bool RunQuietly(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [Fact]
    public void A_directory_the_worker_may_not_read_is_reported_rather_than_taken_for_empty()
    {
        // Root reads every directory: the case needs an unprivileged user (as a worker's service account is).
        if (!OperatingSystem.IsLinux() || Environment.IsPrivilegedProcess) return;
        using var sandbox = new CleanupSandbox();
        sandbox.Write("old.log", 30);
        var mode = File.GetUnixFileMode(sandbox.Logs);
        File.SetUnixFileMode(sandbox.Logs, UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var registration = new CleanupRegistration { Id = "c1", Directory = sandbox.Logs, Pattern = "*.log", RetentionDays = 7 };

            var result = CleanupEngine.Run(registration, sandbox.Roots, dryRun: false, DateTimeOffset.UtcNow, CancellationToken.None);

            var error = Assert.Single(result.Errors);
            Assert.Contains($"cleanup directory \"{sandbox.Logs}\" could not be listed", error);
        }
        finally
        {
            File.SetUnixFileMode(sandbox.Logs, mode);
        }
    }
}
