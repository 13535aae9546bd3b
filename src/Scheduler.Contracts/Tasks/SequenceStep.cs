namespace Scheduler.Contracts.Tasks;

/// <summary>One step of a <see cref="SequenceTask"/>.</summary>
/// <param name="Id">Unique within the sequence; other steps name it in <see cref="DependsOn"/>.</param>
/// <param name="Task">What the step runs: any task type, including a nested sequence.</param>
/// <param name="DependsOn">
/// Steps that must finish first; when one of them failed (without continue-on-failure) this step is skipped. When no
/// step of the sequence names any, each step depends on the one listed before it: a plain list is a chain.
/// </param>
/// <param name="ContinueOnFailure">When true a failure of this step neither fails the sequence nor skips its dependents.</param>
public sealed record SequenceStep(
    string Id,
    TaskDefinition Task,
    IReadOnlyList<string>? DependsOn = null,
    bool ContinueOnFailure = false);
