using System.Runtime.InteropServices;
using System.Text;

namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// A cleanup's directory held open while its files are deleted (Linux). A path is looked up again by every call that
/// takes it, so a directory along it swapped for a link after the allowed-roots check would send a path-based delete
/// outside the roots. The directory is opened once, the kernel says where what was opened lives
/// (<c>/proc/self/fd</c>), that place is checked against the roots, and each file is then examined and unlinked
/// relative to the open directory: whatever happens to the path afterwards, only entries of the directory that passed
/// the check are touched, and only regular files (never a link, directory, pipe, socket or device).
/// </summary>
internal sealed class PinnedDirectory : IDisposable
{
    private const int OPath = 0x200000, OCloexec = 0x80000; // the same on every Linux architecture .NET runs on
    private const int AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000, StatxType = 0x1, StatxMtime = 0x40;
    private const int ModeOffset = 28, MtimeOffset = 112, StatxSize = 256; // struct statx is one layout on every architecture
    private const int TypeMask = 0xF000, Regular = 0x8000, Directory = 0x4000;
    private const int NoEntry = 2;

    private readonly int _fd;

    private PinnedDirectory(int fd) => _fd = fd;

    /// <summary>
    /// Opens <paramref name="directory"/> and checks where it really is against <paramref name="allowedRoots"/>:
    /// the directory, or null with <paramref name="refusal"/> saying why. Null with no refusal where the platform has
    /// no such handle (not Linux): the caller then works by path, each file re-checked just before it is deleted.
    /// </summary>
    public static PinnedDirectory? Open(string directory, IReadOnlyList<string> allowedRoots, out string? refusal)
    {
        refusal = null;
        if (!OperatingSystem.IsLinux()) return null;
        var fd = Native.open(directory, OPath | OCloexec);
        if (fd < 0)
        {
            refusal = $"cleanup \"directory\" \"{directory}\" could not be opened: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}; nothing was deleted";
            return null;
        }
        var pinned = new PinnedDirectory(fd);
        var opened = pinned.WhereOpened();
        var roots = CleanupPaths.RealRoots(allowedRoots);
        if (opened is null)
        {
            pinned.Dispose();
            refusal = $"cleanup \"directory\" \"{directory}\" was opened but where it lives could not be read from /proc/self/fd (is /proc mounted?); nothing was deleted";
            return null;
        }
        if (pinned.TypeOf("", AtEmptyPath) != Directory || !roots.Any(root => CleanupPaths.IsAtOrBelow(opened, root)))
        {
            pinned.Dispose();
            refusal = $"cleanup \"directory\" \"{directory}\" is no longer a directory within the allowed roots ({string.Join(", ", allowedRoots)}) " +
                      $"since it was checked: it now opens \"{opened}\"; nothing was deleted";
            return null;
        }
        return pinned;
    }

    /// <summary>
    /// Deletes <paramref name="file"/> of this directory (a name without separator) if it is still the regular file that
    /// was listed, last written when the listing saw it; false with the reason in <paramref name="errors"/>. A dry run
    /// makes the same checks and deletes nothing, so it reports what a real run would leave alone.
    /// </summary>
    public bool TryDelete(CleanupFile file, bool dryRun, List<string> errors)
    {
        var name = file.Name;
        if (Stat(name, AtSymlinkNoFollow) is not { } stat)
        {
            errors.Add($"\"{name}\" changed since it was listed (gone); it was left alone");
            return false;
        }
        if (stat.Type != Regular)
        {
            errors.Add($"\"{name}\" is not a regular file (a link, directory, pipe, socket or device); it was left alone");
            return false;
        }
        // Written to (or replaced by a newer file) since the listing: the policy judged an older file, not this one.
        if (stat.Written is { } written && written != file.LastWriteUtc)
        {
            errors.Add($"\"{name}\" changed since it was listed (last written {written:O}, listed as {file.LastWriteUtc:O}); it was left alone");
            return false;
        }
        if (dryRun || Native.unlinkat(_fd, name, 0) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        errors.Add(errno == NoEntry
            ? $"\"{name}\" changed since it was listed (gone); it was left alone"
            : $"\"{name}\" could not be deleted: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        return false;
    }

    // The file type bits of an entry (or of the directory itself with AT_EMPTY_PATH), not following a link; null when it is gone.
    private int? TypeOf(string name, int flags) => Stat(name, flags)?.Type;

    // The file type bits and the last write (null when the file system does not report it) of an entry; null when it is gone.
    private (int Type, DateTimeOffset? Written)? Stat(string name, int flags)
    {
        var buffer = new byte[StatxSize];
        if (Native.statx(_fd, name, flags, StatxType | StatxMtime, buffer) != 0) return null;
        var type = BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask;
        if ((BitConverter.ToUInt32(buffer, 0) & StatxMtime) == 0) return (type, null);
        // As .NET reads a last write time: whole 100 ns ticks since the epoch, so it compares equal to the listing's.
        var written = DateTimeOffset.FromUnixTimeSeconds(BitConverter.ToInt64(buffer, MtimeOffset))
            .AddTicks(BitConverter.ToUInt32(buffer, MtimeOffset + 8) / TimeSpan.NanosecondsPerTick);
        return (type, written);
    }

    private string? WhereOpened()
    {
        var buffer = new byte[4096];
        var length = Native.readlink($"/proc/self/fd/{_fd}", buffer, buffer.Length);
        return length <= 0 || length >= buffer.Length ? null : Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    public void Dispose() => Native.close(_fd);

#pragma warning disable IDE1006, SYSLIB1054 // libc's own names; plain DllImport keeps this assembly free of unsafe code
    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mask, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern int unlinkat(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern nint readlink([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer, nint size);
    }
#pragma warning restore IDE1006, SYSLIB1054
}
