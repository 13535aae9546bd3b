namespace Scheduler.Runtime.Storage;

/// <summary>
/// An attempt a delivery claimed whose handler had not started when the delivery stopped (see
/// <c>LeaveRunAsync</c>).
/// </summary>
/// <param name="Attempt">The attempt number the claim took.</param>
/// <param name="Announced">The claim announced the attempt's start (<c>scheduler.task.started</c>).</param>
/// <param name="ClaimToken">The token of the claim that took it: only that claim is withdrawn.</param>
/// <param name="Error">Why it ends unstarted, for the event that closes an announced start.</param>
internal sealed record UnstartedAttempt(int Attempt, bool Announced, string ClaimToken, string Error);
