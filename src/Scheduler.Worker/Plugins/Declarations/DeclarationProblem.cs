namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>Why a plugin's declaration was not registered, for the log: the schedule id as declared and what is wrong.</summary>
internal sealed record DeclarationProblem(string ScheduleId, string Problem);
