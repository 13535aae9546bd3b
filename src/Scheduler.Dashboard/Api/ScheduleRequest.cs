using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling.Intervals;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Body of <c>POST /api/tasks/{id}/schedule</c>: a text <c>spec</c>, or a structured <c>schedule</c>
/// (<c>{"intervalType": "hours", "intervalValue": 2, "nextExecution": "…"}</c>), not both.
/// </summary>
public sealed record ScheduleRequest(TaskDefinition? Task, string? Spec, ScheduleOptions? Options, IntervalSchedule? Schedule = null);
