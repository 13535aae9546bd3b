namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// The one error type the schedule parser raises: the message names the part of the spec that was wrong and what is
/// accepted instead, in one sentence a person can act on.
/// </summary>
public sealed class ScheduleSpecException : FormatException
{
    /// <summary>Creates the error for <paramref name="spec"/>.</summary>
    public ScheduleSpecException(string message, string? spec = null, Exception? inner = null)
        : base(message, inner) => Spec = spec;

    /// <summary>The rejected spec text, when there was one.</summary>
    public string? Spec { get; }
}
