using System.Diagnostics;
using Scheduler.Contracts.Housekeeping;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// What a cleanup lists on a real Linux directory: names that are not valid UTF-8 (.NET reads their bad bytes as
/// U+FFFD, and the path made from that names another file or none) are left alone and reported, never judged by or
/// deleted as another file; files that vanish while the directory is read (another run deleting them) do not fail the
/// listing.
/// </summary>
public sealed class CleanupNameTests
{
    [Fact]
    public void A_name_that_is_not_utf8_is_left_alone_and_reported_and_never_makes_the_policy_delete_a_file_it_keeps()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        using var raw = new RawNames(sandbox);
        // The newest file really called "\uFFFD.log" (valid UTF-8), one of an hour, and an old one named with a byte that is not UTF-8.
        Shell($"cd '{sandbox.Logs}' && touch $'\\xef\\xbf\\xbd.log' && touch -d '1 hour ago' ok.log && touch -d '30 days ago' $'\\xff.log'");

        var result = Run(sandbox, new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 2));

        Assert.Equal(0, result.FilesDeleted);
        Assert.True(File.Exists(Path.Combine(sandbox.Logs, "ok.log")), "the policy kept ok.log, the newest file it could tell apart, yet it was deleted");
        Assert.Equal("3", Shell($"ls -1 '{sandbox.Logs}' | wc -l").Trim());
        Assert.Equal(2, result.Errors.Count(e => e.Contains("not valid UTF-8", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_old_file_beside_one_whose_name_is_not_utf8_is_still_cleaned()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sandbox = new CleanupSandbox();
        using var raw = new RawNames(sandbox);
        sandbox.Write("old.log", 30);
        Shell($"cd '{sandbox.Logs}' && touch -d '30 days ago' $'\\xff\\xfe.log'");

        var result = Run(sandbox, new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7));

        Assert.Equal(1, result.FilesDeleted);
        Assert.False(File.Exists(Path.Combine(sandbox.Logs, "old.log")));
        Assert.DoesNotContain(result.Errors, e => e.Contains("could not be listed", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("not valid UTF-8", StringComparison.Ordinal));
        Assert.Equal("1", Shell($"ls -1 '{sandbox.Logs}' | wc -l").Trim());
    }

    [Fact]
    public async Task A_run_listing_files_another_run_is_deleting_skips_the_vanished_ones_and_together_they_delete_each_file_once()
    {
        using var sandbox = new CleanupSandbox();
        const int count = 20_000;
        for (var i = 0; i < count; i++) File.WriteAllBytes(Path.Combine(sandbox.Logs, $"f{i:D5}.log"), [1]);
        var request = new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1);

        // The second run lists while the first deletes: entries it read vanish before it looks at them.
        var first = Task.Run(() => Run(sandbox, request));
        while (!first.IsCompleted && Directory.EnumerateFiles(sandbox.Logs).Take(count - 1000).Count() >= count - 1000) await Task.Delay(5);
        var second = Run(sandbox, request);
        var results = new[] { await first, second };

        Assert.All(results, r => Assert.DoesNotContain(r.Errors, e => e.Contains("could not be listed", StringComparison.Ordinal)));
        Assert.Equal(count - 1, results.Sum(r => r.FilesDeleted));
        Assert.Single(Directory.GetFiles(sandbox.Logs));
    }

    private static CleanupResult Run(CleanupSandbox sandbox, CleanupRequest request) =>
        CleanupEngine.Run(CleanupRegistration.From("c0001", request, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), sandbox.Roots, dryRun: false,
            DateTimeOffset.UtcNow, CancellationToken.None);

    // .NET cannot name a file whose name is not UTF-8, so the sandbox's own delete would fail on them: the shell removes them first.
    private sealed class RawNames(CleanupSandbox sandbox) : IDisposable
    {
        public void Dispose() => Shell($"rm -rf '{sandbox.Logs}'");
    }

    private static string Shell(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
