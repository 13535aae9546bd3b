namespace Scheduler.Contracts.Scheduling;

/// <summary>The period an English recurring spec counts in: "every day", "every 2 weeks", "every quarter".</summary>
internal enum CalendarUnit { Day, Week, Month, Quarter, Year }
