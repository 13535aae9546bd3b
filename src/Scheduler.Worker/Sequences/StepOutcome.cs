using System.Text.Json.Serialization;

namespace Scheduler.Worker.Sequences;

/// <summary>One step's entry in a sequence's result.</summary>
internal sealed record StepOutcome(string Id, string Type, StepStatus Outcome, string? Result, string? Error, long DurationMs)
{
    /// <summary>How many times the step ran (its first try and its retries); 0 when it did not run.</summary>
    public int Attempts { get; init; }

    [JsonIgnore] public bool NonRetryable { get; init; }
}
