namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// One real run of a cleanup registration, whoever ran it (a worker on the registration's interval, a
/// <c>cleanup</c> task, or <c>cleanup run</c>): its last run, and each of the newest <see cref="KeptRuns"/> in its
/// history. Dry runs are not recorded. A run that was refused (the directory outside
/// the runner's allowed roots, missing, unreadable) is recorded as failed, with the refusal in <see cref="Errors"/>.
/// </summary>
/// <param name="At">When it ran (the instant its policies were evaluated against).</param>
/// <param name="RanBy">Who ran it: the worker's process id, or the client's actor ("client" when it has none).</param>
/// <param name="FilesExamined">Matching regular files it found in the directory.</param>
/// <param name="FilesDeleted">Files it deleted.</param>
/// <param name="BytesFreed">Total size of the files it deleted.</param>
/// <param name="Errors">Problems, one sentence each, as in <see cref="CleanupResult.Errors"/>; empty when it succeeded.</param>
public sealed record CleanupLastRun(
    DateTimeOffset At,
    string RanBy,
    int FilesExamined,
    int FilesDeleted,
    long BytesFreed,
    IReadOnlyList<string> Errors)
{
    /// <summary>How many of a registration's newest real runs its history keeps; older ones are dropped as new ones come.</summary>
    public const int KeptRuns = 20;

    /// <summary>True when the run reported no error: every file the policies chose was deleted.</summary>
    public bool Succeeded => Errors.Count == 0;

    internal static CleanupLastRun From(CleanupResult result, DateTimeOffset at, string ranBy) =>
        new(at, ranBy, result.FilesExamined, result.FilesDeleted, result.BytesFreed, result.Errors);
}
