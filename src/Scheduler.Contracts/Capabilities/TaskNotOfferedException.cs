namespace Scheduler.Contracts.Capabilities;

/// <summary>
/// A task names something (task type, plugin, command, MCP server, channel, shell program) that no live worker offers,
/// or no worker is live at all; nothing was written. Schedule with <c>Verify = false</c> for workers that start later.
/// </summary>
public sealed class TaskNotOfferedException(IReadOnlyList<string> errors)
    : ArgumentException(string.Join("; ", errors))
{
    /// <summary>Each problem, one sentence naming what is missing and what live workers offer.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
