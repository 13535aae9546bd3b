namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// The checks of a cleanup directory against the disk and the allowed roots. The directory must exist, must not be a
/// symbolic link itself, and its real location (every linked ancestor resolved) must lie at or below the real
/// location of an allowed root, so a link higher up cannot lead a cleanup out of the roots either.
/// </summary>
internal static class CleanupPaths
{
    private const int MaxLinkHops = 40;

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Every problem with <paramref name="directory"/> as a place to delete files in; empty when it is usable.</summary>
    public static IReadOnlyList<string> ValidateLocation(string directory, IReadOnlyList<string> allowedRoots)
    {
        var shapeErrors = CleanupValidation.ValidateDirectory(directory).ToList();
        if (shapeErrors.Count > 0) return shapeErrors;
        if (allowedRoots.Count == 0) return [HousekeepingSettings.NoRootsMessage];
        var badRoot = allowedRoots.FirstOrDefault(r => string.IsNullOrWhiteSpace(r) || !Path.IsPathFullyQualified(r));
        if (badRoot is not null)
            return [$"allowed root \"{badRoot}\" is not an absolute path; expected {HousekeepingSettings.AllowedRootsKey} to list absolute paths only"];

        var info = new DirectoryInfo(directory);
        if (info.LinkTarget is not null)
            return [$"cleanup \"directory\" \"{directory}\" is a symbolic link; expected a real directory (links are never followed)"];
        if (!info.Exists)
            return [$"cleanup \"directory\" \"{directory}\" does not exist; expected an existing directory"];

        var real = RealPath(directory);
        var roots = RealRoots(allowedRoots);
        if (!roots.Any(root => IsAtOrBelow(real, root)))
            return [$"cleanup \"directory\" \"{directory}\" is outside the allowed roots ({string.Join(", ", allowedRoots)}); expected a directory at or below one of them"];
        return [];
    }

    /// <summary>
    /// An absolute <paramref name="directory"/> without "." parts and repeated or trailing separators; anything else
    /// as given (for the checks to refuse). ".." is kept: after a link it names the link target's parent, not the text's.
    /// </summary>
    public static string Normalize(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Path.IsPathFullyQualified(directory)) return directory;
        var root = Path.GetPathRoot(directory) ?? "";
        var parts = directory[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries)
            .Where(part => part != ".");
        // A UNC root (\\server\share) ends without a separator to join after.
        var joined = string.Join(Path.DirectorySeparatorChar, parts);
        return joined.Length == 0 || Path.EndsInDirectorySeparator(root) ? root + joined : root + Path.DirectorySeparatorChar + joined;
    }

    /// <summary>Each allowed root with its links resolved (as written, made absolute, when it does not exist).</summary>
    public static List<string> RealRoots(IReadOnlyList<string> allowedRoots) =>
        [.. allowedRoots.Select(r => Directory.Exists(r) ? RealPath(r) : Path.GetFullPath(r))];

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or inside it (textual, both already full paths).</summary>
    public static bool IsAtOrBelow(string path, string root)
    {
        var p = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var r = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (string.Equals(p, r, PathComparison)) return true;
        var prefix = r.EndsWith(Path.DirectorySeparatorChar) ? r : r + Path.DirectorySeparatorChar;
        return p.StartsWith(prefix, PathComparison);
    }

    /// <summary>The absolute path with every symbolic link along it resolved (like realpath(3)).</summary>
    public static string RealPath(string path)
    {
        var hops = 0;
        return Resolve(Path.IsPathFullyQualified(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path), ref hops);
    }

    // Segment by segment, as the kernel does: ".." is the parent of what was resolved so far, so a link is followed
    // before a ".." after it ("link/.." is the link target's parent). Path.GetFullPath would drop "link/.." as text
    // first, and a link whose target reads "away/../x" would then seem to stay where it points from.
    private static string Resolve(string path, ref int hops)
    {
        var root = Path.GetPathRoot(path) ?? "";
        var current = root;
        foreach (var part in path[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops) throw new IOException($"too many symbolic links while resolving \"{path}\"");
                next = Resolve(Path.IsPathFullyQualified(target) ? target : Path.Combine(current, target), ref hops);
            }
            current = next;
        }
        return current;
    }
}
