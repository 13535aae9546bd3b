namespace Scheduler.Contracts.Client;

/// <summary>A task definition or schedule options that cannot be scheduled; nothing was written.</summary>
public sealed class InvalidTaskException(IReadOnlyList<string> errors)
    : ArgumentException(string.Join("; ", errors))
{
    /// <summary>Each problem, one sentence naming the field and what is accepted.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
