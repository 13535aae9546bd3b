namespace Scheduler.Contracts.Schedules;

/// <summary>Why a task is paused and until when, for <see cref="Client.SchedulerClient.PauseAsync(string, PauseRequest?, CancellationToken)"/>.</summary>
public sealed record PauseRequest
{
    /// <summary>Longest note accepted.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>Why it is paused (at most <see cref="MaxNoteLength"/> characters), shown with the task and kept in the audit log.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// When the pause lifts itself (in the future): Beat resumes the task once at that instant, as <see
    /// cref="Client.SchedulerClient.ResumeAsync"/> would (missed occurrences follow the misfire policy). Null: until resumed.
    /// </summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>What is wrong with this request at <paramref name="now"/>, one message per problem.</summary>
    public IEnumerable<string> Validate(DateTimeOffset now)
    {
        if (Note is { Length: > MaxNoteLength }) yield return $"the pause note is {Note.Length} characters long; expected at most {MaxNoteLength}";
        if (Note is not null && Note.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
            yield return "the pause note holds control characters; expected plain text";
        // Said as a pause's end is shown (PauseInfo), not in the round-trip form ("2026-12-01T09:00:00.0000000+00:00").
        if (Until is { } until && until <= now)
            yield return $"the pause end {until.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}Z "
                + "is not in the future; expected a later instant, or none to pause until resumed";
    }
}
