using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Worker.Shell;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// The listing of shell commands to kill when their worker dies is read only from a directory no other user may write:
/// a listing is an order to SIGKILL a process group.
/// </summary>
public sealed class ShellGroupListingTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Everyone = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [SkippableFact]
    public void A_process_group_listed_in_a_directory_others_may_write_is_not_killed_and_one_listed_in_the_workers_own_is()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && ProcessGroup.SetsidPath is not null, "needs Linux and setsid");
        using var temp = TestPaths.CreateTempDirectory("shell-listing");
        var listing = Path.Combine(temp.Path, "groups", "host");
        Directory.CreateDirectory(listing, OwnerOnly);
        File.SetUnixFileMode(listing, Everyone);
        using var victim = StartGroupLeader();
        try
        {
            SweepOnlyTheTrusted(listing, victim);
        }
        finally
        {
            if (!victim.HasExited) victim.Kill();
        }
    }

    private static void SweepOnlyTheTrusted(string listing, Process victim)
    {
        // Listed under a worker that is gone (this process, with a start time it never had), as another user could write it.
        File.WriteAllBytes(Path.Combine(listing, $"{Environment.ProcessId}.1.{victim.Id}.{ShellGroupRegistry.StartOf(victim.Id)}"), []);
        var reaper = new ShellGroupReaper(TimeProvider.System, NullLogger<ShellGroupReaper>.Instance);

        Assert.Contains("may be written by other users", ShellGroupRegistry.Distrust(listing));
        reaper.Sweep(listing);
        Assert.False(victim.WaitForExit(500), "a group listed where other users may write was killed");

        File.SetUnixFileMode(listing, OwnerOnly);
        Assert.Null(ShellGroupRegistry.Distrust(listing));
        reaper.Sweep(listing);
        Assert.True(victim.WaitForExit(10_000), "the group listed in the worker's own directory was not killed");
    }

    [SkippableFact]
    public void A_listing_directory_of_another_user_is_not_trusted_and_the_worker_lists_nothing_there()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && FileOwner.EffectiveUser == 0, "making a directory another user's needs root");
        using var temp = TestPaths.CreateTempDirectory("shell-listing");
        var listing = Path.Combine(temp.Path, "groups", "host");
        Directory.CreateDirectory(listing, OwnerOnly);
        Chown(Path.GetDirectoryName(listing)!, "65534");

        Assert.Contains("belongs to user 65534", ShellGroupRegistry.Distrust(listing));
        Assert.Null(ShellGroupRegistry.Track(listing, Environment.ProcessId));
        Assert.Empty(Directory.EnumerateFiles(listing));
        // Made first by another user, mode 0755, before any listing existed in it: told as such, not silently empty.
        Directory.Delete(listing);
        File.SetUnixFileMode(Path.GetDirectoryName(listing)!, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Assert.Contains("belongs to user 65534", ShellGroupRegistry.Distrust(listing));
    }

    [SkippableFact]
    public void The_worker_creates_its_listing_directory_for_its_own_user_alone()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && ProcessGroup.SetsidPath is not null, "needs Linux and setsid");
        using var temp = TestPaths.CreateTempDirectory("shell-listing");
        var listing = Path.Combine(temp.Path, "groups", "host");
        using var command = StartGroupLeader();
        try
        {
            using (var entry = ShellGroupRegistry.Track(listing, command.Id))
            {
                Assert.NotNull(entry);
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(listing));
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.GetDirectoryName(listing)!));
                Assert.Single(Directory.EnumerateFiles(listing, $"{Environment.ProcessId}.*.{command.Id}.*"));
            }
            Assert.Empty(Directory.EnumerateFiles(listing));
        }
        finally
        {
            command.Kill();
        }
    }

    // setsid execs sleep in a new session: its pid is its group's id.
    private static Process StartGroupLeader()
    {
        var process = Process.Start(new ProcessStartInfo(ProcessGroup.SetsidPath!, ["sleep", "60"]))!;
        for (var i = 0; i < 100 && ShellGroupRegistry.StartOf(process.Id) is null; i++) Thread.Sleep(20);
        return process;
    }

    private static void Chown(string path, string user)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", [user, path]))!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
