namespace Scheduler.Beat.Firing;

/// <summary>A claimed occurrence of schedule <paramref name="Id"/> that its plan fires, with its job ready to enqueue.</summary>
internal sealed record PreparedFire(string Id, FirePlan Plan, OutgoingJob Job);
