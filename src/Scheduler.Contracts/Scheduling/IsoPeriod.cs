namespace Scheduler.Contracts.Scheduling;

/// <summary>An ISO-8601 duration split into calendar months, calendar days and clock seconds.</summary>
internal readonly record struct IsoPeriod(int Months, int Days, long Seconds);
