namespace Scheduler.Contracts.Scheduling;

/// <summary>A day of the month beyond plain numbers: "last day" (L), "last weekday" (LW), "first weekday" (1W).</summary>
internal enum MonthDaySpecial { None, LastDay, LastWeekday, FirstWeekday }
