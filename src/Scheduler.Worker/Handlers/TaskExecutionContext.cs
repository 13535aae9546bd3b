namespace Scheduler.Worker.Handlers;

/// <summary>What a handler knows about the attempt it runs.</summary>
/// <param name="TaskId">The schedule's id.</param>
/// <param name="RunId">The occurrence id, the same for every attempt of it.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="WorkerId">This worker process.</param>
public sealed record TaskExecutionContext(string TaskId, string RunId, int Attempt, string WorkerId)
{
    /// <summary>
    /// Fires when the worker abandons the attempt at its hard timeout. The handler's own cancellation token fired
    /// earlier (soft timeout); a handler that owns external resources (e.g. a process) releases them for good here.
    /// </summary>
    public CancellationToken Abandoned { get; init; }

    /// <summary>
    /// Inside a <c>sequence</c>: the results of the steps that already finished, by step id (null result for a step
    /// that failed or was skipped). Empty outside a sequence.
    /// </summary>
    public IReadOnlyDictionary<string, string?> StepResults { get; init; } = new Dictionary<string, string?>();

    /// <summary>Inside a <c>sequence</c>: the id of the step being run; null outside a sequence.</summary>
    public string? StepId { get; init; }

    /// <summary>
    /// Inside a <c>sequence</c>: which try of the step this is within the sequence's attempt, 1 for its first (a step's
    /// own <c>maxRetries</c> runs it again); null outside a sequence. <see cref="Attempt"/> stays the run's attempt.
    /// </summary>
    public int? StepAttempt { get; init; }

    /// <summary>
    /// Inside a <c>sequence</c>: the ids of the steps from the outermost sequence down to the one being run, joined by
    /// "/" (just <see cref="StepId"/> unless sequences are nested); null outside a sequence. Names a step uniquely in its run.
    /// </summary>
    internal string? StepPath { get; init; }

    /// <summary>
    /// Set by the executor for a run's own attempt: a handler may leave its event here to be published with the attempt's
    /// outcome; null when the handler is called otherwise.
    /// </summary>
    internal Execution.OutcomeEventSlot? WithOutcome { get; init; }

    /// <summary>
    /// Set by the executor (and by a sequence for each step): a handler may leave here a way to read its result so far,
    /// recorded if its attempt is abandoned while it runs; null when nobody would read it.
    /// </summary>
    internal Execution.PartialResultSlot? SoFar { get; init; }

    /// <summary>
    /// For a task scheduled <c>after:</c> or <c>on:</c>: what triggered this run (the source task's run, outcome and
    /// result, or the event and its payload); null for clock and manual runs.
    /// </summary>
    public Scheduler.Contracts.Scheduling.Triggers.TriggerContext? Trigger { get; init; }
}
