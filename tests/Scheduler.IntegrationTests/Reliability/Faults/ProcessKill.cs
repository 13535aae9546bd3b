namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>One kill -9 the supervisor carried out: which slot, its project, the process id and when.</summary>
public sealed record ProcessKill(string Name, string Project, int Pid, DateTimeOffset At);
