namespace Scheduler.Contracts.Housekeeping;

/// <summary>What one registration's cleanup did (or, in a dry run, would do).</summary>
/// <param name="RegistrationId">The registration cleaned.</param>
/// <param name="Directory">Its directory.</param>
/// <param name="FilesExamined">Regular files in the directory that match the pattern (symbolic links are never counted).</param>
/// <param name="FilesDeleted">Files deleted; in a dry run, files that would be deleted.</param>
/// <param name="BytesFreed">Total size of those files.</param>
/// <param name="Errors">Problems, one sentence each: a refused directory (nothing was touched) or a file that could not be deleted; at most <see cref="MaxListedErrors"/>, then one sentence counting the rest.</param>
/// <param name="Files">Names of the deleted (or would-be deleted) files, oldest first, at most <see cref="MaxListedFiles"/>.</param>
public sealed record CleanupResult(
    string RegistrationId,
    string Directory,
    int FilesExamined,
    int FilesDeleted,
    long BytesFreed,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Files)
{
    /// <summary>Most file names listed in <see cref="Files"/>; the counts always cover every file.</summary>
    public const int MaxListedFiles = 100;

    /// <summary>Most file errors listed in <see cref="Errors"/>; one more sentence counts the others.</summary>
    public const int MaxListedErrors = 100;
}
