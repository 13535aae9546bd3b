using System.Runtime.InteropServices;

namespace Scheduler.Worker.Shell;

/// <summary>Who owns a path and its permission bits, read without following a link (Linux <c>statx</c>).</summary>
internal readonly record struct FileOwner(uint User, UnixFileMode Mode, bool IsDirectory)
{
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8;
    private const int UidOffset = 20, ModeOffset = 28, StatxSize = 256; // struct statx is one layout on every architecture
    private const int TypeMask = 0xF000, DirectoryType = 0x4000, PermissionMask = 0xFFF;

    /// <summary>This process's effective user id.</summary>
    public static uint EffectiveUser { get; } = OperatingSystem.IsLinux() ? Native.geteuid() : 0;

    /// <summary>The owner, mode and kind of <paramref name="path"/> itself (a link is not followed); null when it cannot be read.</summary>
    public static FileOwner? Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[StatxSize];
        if (Native.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0) return null;
        var mode = BitConverter.ToUInt16(buffer, ModeOffset);
        return new FileOwner(BitConverter.ToUInt32(buffer, UidOffset), (UnixFileMode)(mode & PermissionMask), (mode & TypeMask) == DirectoryType);
    }

#pragma warning disable IDE1006, SYSLIB1054 // libc's own names; DllImport rather than LibraryImport: the generated form needs unsafe code
    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mask, byte[] buffer);

        [DllImport("libc")]
        public static extern uint geteuid();
    }
#pragma warning restore IDE1006, SYSLIB1054
}
