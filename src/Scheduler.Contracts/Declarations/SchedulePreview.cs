using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Declarations;

/// <summary>What scheduling one definition under its id would meet, read without writing (what <see cref="Client.SchedulerClient.ApplyAsync"/> plans on).</summary>
/// <param name="Requested">The record scheduling would write, built and checked as scheduling builds it.</param>
/// <param name="Current">What the id holds now; null when nothing.</param>
/// <param name="Differences">How the requested definition differs from the current one; empty when it is the same.</param>
/// <param name="Held">What the id held when read (<see cref="Storage.CreateReply.Held"/>): a write planned on this preview is made only onto it.</param>
internal sealed record SchedulePreview(ScheduledTask Requested, ScheduledTask? Current, IReadOnlyList<ScheduleDifference> Differences, string Held)
{
    /// <summary>The id holds this very definition (task, spec, time zone and options).</summary>
    public bool IsSame => Current is not null && Differences.Count == 0;
}
