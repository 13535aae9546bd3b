namespace Scheduler.Contracts.Events;

/// <summary>One entry of the event stream.</summary>
/// <param name="Id">Stream id; pass it to <see cref="Client.SchedulerClient.SubscribeAsync(string?, System.Threading.CancellationToken)"/> to resume after it.</param>
/// <param name="Type">One of <see cref="SchedulerEvents"/> (or "scheduler.notification").</param>
/// <param name="TaskId">The task concerned.</param>
/// <param name="At">When it happened.</param>
/// <param name="Data">Further fields (runId, attempt, outcome, error, message, ...).</param>
public sealed record SchedulerEvent(string Id, string Type, string TaskId, DateTimeOffset At, IReadOnlyDictionary<string, string> Data);
