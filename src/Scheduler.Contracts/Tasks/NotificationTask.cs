namespace Scheduler.Contracts.Tasks;

/// <summary>Publishes a message to the live event stream and the log, and optionally to configured channels such as a webhook.</summary>
/// <param name="Message">The text to deliver.</param>
/// <param name="Level">Severity; info by default.</param>
/// <param name="Title">Optional short title.</param>
/// <param name="Channels">Extra channels by name: "events" and "log" (always delivered anyway) or a webhook configured on the worker as <c>Scheduler:Webhooks:&lt;name&gt;</c>.</param>
[TaskType("notification")]
public sealed record NotificationTask(
    string Message,
    NotificationLevel Level = NotificationLevel.Info,
    string? Title = null,
    IReadOnlyList<string>? Channels = null) : TaskDefinition
{
    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate()) yield return error;
        if (string.IsNullOrWhiteSpace(Message)) yield return "notification \"message\" is empty; expected the text to deliver";
        else if (Message.Length > 64 * 1024) yield return $"notification \"message\" is {Message.Length} characters; at most 65536 are accepted";
        if (!Enum.IsDefined(Level)) yield return "notification \"level\" is unknown; expected info, warning or error";
        // Whether a channel is configured is known only to the worker; its name's shape is checked here.
        foreach (var channel in Channels ?? [])
            if (!TaskNames.IsValid(channel)) yield return $"notification channel {TaskNames.Describe(channel)} is not a valid name; expected {TaskNames.Shape}";
    }
}
