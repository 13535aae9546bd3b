namespace Scheduler.Worker.Notifications;

/// <summary>The webhook channel names configured when the worker started (each a named <see cref="WebhookOptions"/>).</summary>
internal sealed record WebhookChannels(IReadOnlyList<string> Names);
