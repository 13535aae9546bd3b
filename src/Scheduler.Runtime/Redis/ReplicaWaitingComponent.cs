namespace Scheduler.Runtime.Redis;

/// <summary>
/// Registered by a component whose own writes wait for replicas under
/// <see cref="SchedulerRedisOptions.ReplicaAcknowledgement"/> (a worker's claims and outcomes, the dashboard's changes):
/// only then does the start-up check require <c>WAIT</c>. Beat registers none, as its firing is not waited for by design,
/// so its ACL user needs no <c>+wait</c>; a host that adds a worker or the dashboard beside it is checked for both.
/// </summary>
internal sealed class ReplicaWaitingComponent;
