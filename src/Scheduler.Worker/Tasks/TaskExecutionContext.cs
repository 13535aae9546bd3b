namespace Scheduler.Worker.Tasks;

/// <summary>What a handler knows about the attempt it runs.</summary>
/// <param name="TaskId">The schedule's id.</param>
/// <param name="RunId">The occurrence id, the same for every attempt of it.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="WorkerId">This worker process.</param>
public sealed record TaskExecutionContext(string TaskId, string RunId, int Attempt, string WorkerId);
