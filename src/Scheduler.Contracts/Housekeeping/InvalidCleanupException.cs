namespace Scheduler.Contracts.Housekeeping;

/// <summary>A cleanup registration that cannot be stored; nothing was written.</summary>
public sealed class InvalidCleanupException(IReadOnlyList<string> errors)
    : ArgumentException(string.Join("; ", errors))
{
    /// <summary>Each problem, one sentence naming the field and what is accepted.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
