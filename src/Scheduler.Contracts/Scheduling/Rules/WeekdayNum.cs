namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>A BYDAY entry: a weekday with an optional ordinal (0 = every such weekday, -1 = the last one).</summary>
internal readonly record struct WeekdayNum(int Ordinal, DayOfWeek Day);
