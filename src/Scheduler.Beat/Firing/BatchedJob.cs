namespace Scheduler.Beat.Firing;

/// <summary>
/// One job of a batch: created as <paramref name="JobId"/>, cancelled by a client filter (no id, nothing thrown), or
/// left out because a client filter threw (<paramref name="Threw"/>) and to be created through Hangfire's client.
/// </summary>
internal sealed record BatchedJob(string? JobId, Exception? Threw);
