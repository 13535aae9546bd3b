using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Runs;

/// <summary>An occurrence whose final attempt failed or timed out, with the task it belongs to.</summary>
/// <param name="Run">The occurrence's final attempt (run id, attempt number, due instant, outcome, error).</param>
/// <param name="TaskName">The task's name now.</param>
/// <param name="TaskType">The task's type now ("shell", "notification", …).</param>
public sealed record FailedRun(TaskRun Run, string TaskName, string TaskType);
