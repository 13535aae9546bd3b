namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// The period an English recurring spec counts in: "every day", "every 2 weeks", "every quarter", "semi-annually"
/// (<see cref="HalfYear"/>: calendar halves, Jan and Jul, as quarters are calendar quarters).
/// </summary>
internal enum CalendarUnit { Day, Week, Month, Quarter, HalfYear, Year }
