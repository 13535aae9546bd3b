namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>RFC 5545 FREQ values, finest first so comparisons read "at least daily".</summary>
internal enum Frequency { Secondly, Minutely, Hourly, Daily, Weekly, Monthly, Yearly }
