using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// The checks a cleanup request must pass that need no file system: field shapes and policy ranges. Each problem is
/// one sentence naming the field and what is accepted. <see cref="CleanupPaths"/> adds the checks against the disk.
/// </summary>
internal static class CleanupValidation
{
    public const int MaxRetentionDays = 36_500;
    public const int MaxDescriptionLength = 1000;

    /// <summary>The largest size cap: what long.MaxValue bytes make in whole megabytes (1024 × 1024 bytes).</summary>
    public const double MaxSizeMb = long.MaxValue / CleanupPolicy.BytesPerMb;
    private const int MaxPathLength = 4096;

    public static IEnumerable<string> Validate(CleanupRequest? request)
    {
        if (request is null)
        {
            yield return "the cleanup request is missing; expected \"directory\", \"pattern\" and at least one policy";
            yield break;
        }
        foreach (var error in ValidateDirectory(request.Directory)) yield return error;
        foreach (var error in ValidatePattern(request.Pattern)) yield return error;
        if (request.RetentionDays is < 0 or > MaxRetentionDays)
            yield return $"cleanup \"retentionDays\" is {request.RetentionDays}; expected a whole number of days from 0 to {MaxRetentionDays}";
        if (request.MaxFiles is < 1)
            yield return $"cleanup \"maxFiles\" is {request.MaxFiles}; expected 1 or more files to keep";
        if (request.MaxSizeMb is { } mb && (double.IsNaN(mb) || double.IsInfinity(mb) || mb <= 0 || mb > MaxSizeMb))
            yield return $"cleanup \"maxSizeMb\" is {mb.ToString(System.Globalization.CultureInfo.InvariantCulture)}; expected a size in megabytes greater than 0 " +
                $"and at most {MaxSizeMb.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} (8 EiB, the largest byte count a file system reports)";
        if (request is { RetentionDays: null, MaxFiles: null, MaxSizeMb: null })
            yield return "cleanup has no policy; expected at least one of \"retentionDays\", \"maxFiles\" or \"maxSizeMb\"";
        if (CleanupInterval.Validate(request.Interval) is { } interval) yield return interval;
        if (CleanupPriority.Validate(request.Priority) is { } priority) yield return priority;
        if (request.Description is { Length: > MaxDescriptionLength })
            yield return $"cleanup \"description\" is {request.Description.Length} characters; at most {MaxDescriptionLength} are accepted";
        if (request.ModuleId is not null && !TaskNames.IsValid(request.ModuleId))
            yield return $"cleanup \"moduleId\" {TaskNames.Describe(request.ModuleId)} is not accepted; expected {TaskNames.Shape}";
    }

    public static IEnumerable<string> ValidateDirectory(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            yield return "cleanup \"directory\" is empty; expected an absolute path to an existing directory";
            yield break;
        }
        var shown = TaskNames.Describe(directory);
        if (directory.Length > MaxPathLength || directory.Contains('\0'))
            yield return $"cleanup \"directory\" {shown} is not a usable path; expected an absolute path of at most {MaxPathLength} characters without NUL";
        else if (!Path.IsPathFullyQualified(directory))
            yield return $"cleanup \"directory\" {shown} is relative; expected an absolute path such as /var/log/myapp";
        else if (directory.Split('/', '\\').Any(segment => segment == ".."))
            yield return $"cleanup \"directory\" {shown} contains a \"..\" segment; expected a path without parent-directory segments";
        else if (IsFileSystemRoot(directory))
            yield return $"cleanup \"directory\" {shown} is the filesystem root; expected a directory below it";
    }

    public static IEnumerable<string> ValidatePattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
            yield return "cleanup \"pattern\" is empty; expected a file name pattern such as *.log";
        else if (pattern.IndexOfAny(['/', '\\']) >= 0)
            yield return $"cleanup \"pattern\" {TaskNames.Describe(pattern)} contains a path separator; expected a file name pattern without '/' or '\\'";
        else if (pattern is "." or ".." || pattern.Contains('\0') || pattern.Length > 255)
            yield return $"cleanup \"pattern\" {TaskNames.Describe(pattern)} is not a file name pattern; expected up to 255 characters with * and ? wildcards, such as *.log";
    }

    /// <summary>True for "/", "C:\" and the like, with or without trailing separators.</summary>
    public static bool IsFileSystemRoot(string path)
    {
        var full = Path.GetFullPath(path);
        return string.Equals(Path.TrimEndingDirectorySeparator(full), Path.TrimEndingDirectorySeparator(Path.GetPathRoot(full) ?? ""),
            StringComparison.OrdinalIgnoreCase);
    }
}
