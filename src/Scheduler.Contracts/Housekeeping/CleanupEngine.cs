using System.Diagnostics;
using System.IO.Enumeration;

namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// Runs cleanups against the local file system: lists the regular files directly in a registration's directory,
/// asks <see cref="CleanupPolicy"/> which violate a policy, and deletes them (unless it is a dry run).
/// Plain System.IO, so the client (<c>RunCleanupAsync</c>), the dashboard and the worker's <c>cleanup</c> handler all
/// use this one implementation; the caller supplies the allowed roots its own configuration grants.
/// </summary>
/// <remarks>
/// Safety: symbolic links are skipped (never counted, never deleted, never followed), directories are never deleted,
/// there is no recursion, and every registration is re-checked against the allowed roots before a file is touched;
/// on Linux the directory is then held open and its files deleted relative to it (<see cref="PinnedDirectory"/>), so a
/// directory along its path swapped for a link meanwhile cannot send a delete outside the roots.
/// </remarks>
internal static class CleanupEngine
{
    // Symbolic links (reparse points) are not even listed; the explicit LinkTarget check below covers platforms
    // where a link is not reported as a reparse point.
    private static readonly EnumerationOptions Listing = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Directory,
        // A directory the worker may not read is an error to report, not an empty directory: "0 files" every run
        // would hide a cleanup that never cleans.
        IgnoreInaccessible = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>
    /// Cleans the registration <paramref name="registrationId"/>, or every registration when it is null (higher
    /// priority first, then in registration order: <see cref="CleanupPriority"/>), recording each real run as the
    /// registration's last run by <paramref name="ranBy"/>. Null when <paramref name="registrationId"/> names no registration.
    /// </summary>
    public static async Task<CleanupReport?> RunAsync(CleanupStore store, string? registrationId, bool dryRun,
        IReadOnlyList<string> allowedRoots, DateTimeOffset now, string ranBy, CancellationToken cancellationToken)
    {
        IReadOnlyList<CleanupRegistration> registrations;
        if (registrationId is null) registrations = CleanupPriority.InRunOrder(await store.ListAsync());
        else if (await store.GetAsync(registrationId) is { } one) registrations = [one];
        else return null;

        var results = new List<CleanupResult>(registrations.Count);
        foreach (var registration in registrations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = dryRun
                ? Run(registration, allowedRoots, dryRun, now, cancellationToken)
                : await RunAndRecordAsync(store, registration, allowedRoots, now, ranBy, BusyWait, cancellationToken);
            // Removed while this waited for another run of it: nothing of it is left to clean.
            if (result is not null) results.Add(result);
            else if (registrationId is not null) return null;
        }
        return new CleanupReport(dryRun, now, results);
    }

    /// <summary>How long a run waits for another run of the same registration to end before it reports that it did not run.</summary>
    public static readonly TimeSpan BusyWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Cleans one registration for real and records the result as its last run (a refusal as a failed run), so every
    /// path that runs registrations leaves the same trace in Redis and on the event stream. While another run of it is
    /// in progress this waits for it, up to <paramref name="wait"/>, then reports (unrecorded) that it did not run; null
    /// when the registration is gone.
    /// </summary>
    public static async Task<CleanupResult?> RunAndRecordAsync(CleanupStore store, CleanupRegistration registration,
        IReadOnlyList<string> allowedRoots, DateTimeOffset now, string ranBy, TimeSpan wait, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        var attempt = await store.HoldRunAsync(registration.Id, ranBy, wait, cancellationToken);
        if (attempt.HeldBy is not null)
        {
            return new CleanupResult(registration.Id, registration.Directory, 0, 0, 0,
                [$"cleanup \"{registration.Id}\" did not run: {attempt.HeldBy} was still in progress after {wait.TotalSeconds:0} s of waiting; "
                    + "its result will be the registration's last run"], []);
        }
        return await RunHeldAsync(store, attempt, registration.Id, allowedRoots, now + waiting.Elapsed, ranBy, cancellationToken);
    }

    /// <summary>
    /// Cleans registration <paramref name="id"/> for real under the hold <paramref name="attempt"/> got (none: the
    /// registration is gone, null) and records the result as its last run. The registration is read under the hold, so
    /// it is cleaned as it is then; one removed during the run stops before its next delete.
    /// </summary>
    public static async Task<CleanupResult?> RunHeldAsync(CleanupStore store, CleanupHoldAttempt attempt, string id,
        IReadOnlyList<string> allowedRoots, DateTimeOffset now, string ranBy, CancellationToken cancellationToken)
    {
        if (attempt.Hold is null) return null;
        await using var hold = attempt.Hold;
        // Not the copy the caller read: an update keeps a due run's score, so a worker's claim of a registration read
        // before it succeeds, and a run waiting for another may be changed meanwhile.
        if (await store.GetAsync(id) is not { } registration) return null;
        var result = Run(registration, allowedRoots, dryRun: false, now, cancellationToken, hold);
        // A run whose hold was lost may end after another run took the registration and recorded a newer run.
        await store.RecordRunAsync(registration.Id, CleanupLastRun.From(result, now, ranBy), late: hold.IsLost);
        return result;
    }

    /// <summary>Cleans one registration. Problems are reported in the result, never thrown (except cancellation).</summary>
    public static CleanupResult Run(CleanupRegistration registration, IReadOnlyList<string> allowedRoots, bool dryRun,
        DateTimeOffset now, CancellationToken cancellationToken, CleanupRunHold? hold = null)
    {
        var refused = CleanupValidation.Validate(registration.ToRequest())
            .Concat(CleanupPaths.ValidateLocation(registration.Directory, allowedRoots)).Distinct().ToList();
        if (refused.Count > 0) return new CleanupResult(registration.Id, registration.Directory, 0, 0, 0, refused, []);

        List<CleanupFile> files;
        var errors = new List<string>();
        try
        {
            files = List(registration.Directory, registration.Pattern, errors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CleanupResult(registration.Id, registration.Directory, 0, 0, 0,
                [$"cleanup directory \"{registration.Directory}\" could not be listed: {e.Message}"], []);
        }

        var doomed = CleanupPolicy.Violating(files, registration.RetentionDays, registration.MaxFiles, registration.MaxSizeMb, now);
        var deleted = new List<CleanupFile>();
        string? refusal = null;
        // Opened in a dry run too: it makes every check a real run makes, so it reports what that run would leave alone.
        using var pinned = doomed.Count == 0 ? null : PinnedDirectory.Open(registration.Directory, allowedRoots, out refusal);
        if (refusal is not null) return new CleanupResult(registration.Id, registration.Directory, files.Count, 0, 0, [.. errors, refusal], []);
        foreach (var file in doomed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (hold is { IsLost: true })
            {
                errors.Insert(0, $"the run stopped after deleting {deleted.Count} of the {doomed.Count} file(s) it chose: {hold.LostBecause}");
                break;
            }
            if (pinned?.TryDelete(file, dryRun, errors) ?? TryDelete(registration.Directory, file, dryRun, errors)) deleted.Add(file);
        }
        return new CleanupResult(registration.Id, registration.Directory, files.Count, deleted.Count, deleted.Sum(f => f.Size),
            Listed(errors), [.. deleted.Take(CleanupResult.MaxListedFiles).Select(f => f.Name)]);
    }

    // A directory of many files left alone (each one an error) must not make the report, its log line and the run's
    // result as long as the directory: the first ones are listed, the rest counted.
    private static List<string> Listed(List<string> errors) =>
        errors.Count <= CleanupResult.MaxListedErrors ? errors
        : [.. errors.Take(CleanupResult.MaxListedErrors), $"and {errors.Count - CleanupResult.MaxListedErrors} more file(s) left alone or not deleted"];

    // The matching regular files as the listing saw them. One gone since the directory was read (a log rotated meanwhile,
    // another run's delete) is skipped: nothing of it is left to clean. A name that is not valid UTF-8 reads back with
    // U+FFFD for its bad bytes, and the path made from that names another file (one really called so) or none: such a
    // file is left alone and said so, never judged by, or deleted as, another file.
    private static List<CleanupFile> List(string directory, string pattern, List<string> errors)
    {
        var files = new List<CleanupFile>();
        foreach (var f in new DirectoryInfo(directory).EnumerateFiles("*", Listing))
        {
            if (!FileSystemName.MatchesSimpleExpression(pattern, f.Name, ignoreCase: false)) continue;
            if (f.Name.Contains(Undecodable, StringComparison.Ordinal))
            {
                errors.Add($"\"{f.Name}\" has a name that is not valid UTF-8 (shown with {Undecodable} for its bad bytes), or holds {Undecodable} itself, "
                    + "so it cannot be told apart from other such names; it was left alone");
                continue;
            }
            try
            {
                if (f.LinkTarget is null) files.Add(new CleanupFile(f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)));
            }
            catch (FileNotFoundException)
            {
            }
        }
        return files;
    }

    private const string Undecodable = "\uFFFD";

    // By path, where no directory can be held open (not Linux, PinnedDirectory).
    private static bool TryDelete(string directory, CleanupFile file, bool dryRun, List<string> errors)
    {
        var path = Path.Join(directory, file.Name);
        try
        {
            // Re-checked just before deleting: a file swapped for a link (or a directory) since the listing is left alone.
            // Even then File.Delete would remove the link itself, never its target.
            var current = new FileInfo(path);
            if (!current.Exists || current.LinkTarget is not null || new DirectoryInfo(directory).LinkTarget is not null)
            {
                errors.Add($"\"{file.Name}\" changed since it was listed (gone, or now a link); it was left alone");
                return false;
            }
            // Written to since the listing: the policy judged an older file, not this one.
            if (new DateTimeOffset(current.LastWriteTimeUtc, TimeSpan.Zero) != file.LastWriteUtc)
            {
                errors.Add($"\"{file.Name}\" changed since it was listed (last written {current.LastWriteTimeUtc:O}, listed as {file.LastWriteUtc:O}); it was left alone");
                return false;
            }
            if (dryRun) return true;
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"\"{file.Name}\" could not be deleted: {e.Message}");
            return false;
        }
    }
}
