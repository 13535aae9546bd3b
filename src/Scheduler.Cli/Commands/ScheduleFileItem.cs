using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>One schedule of a <see cref="ScheduleFile"/>.</summary>
internal sealed record ScheduleFileItem(string? Id, string? Spec, TaskDefinition? Task, ScheduleOptions? Options);
