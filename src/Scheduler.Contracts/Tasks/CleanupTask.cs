namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Runs housekeeping on the worker: applies one cleanup registration's policies (or every registration's) to its
/// directory. The worker only works in the directories its <c>Scheduler:Housekeeping:AllowedRoots</c> grants.
/// The result is the <see cref="Housekeeping.CleanupReport"/> as JSON.
/// </summary>
/// <param name="RegistrationId">The registration to run; every registration when null, higher priority first and equal ones in registration order (<see cref="Housekeeping.CleanupPriority"/>).</param>
/// <param name="DryRun">Count what would be deleted without deleting anything.</param>
[TaskType("cleanup")]
public sealed record CleanupTask(string? RegistrationId = null, bool DryRun = false) : TaskDefinition
{
    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate()) yield return error;
        if (RegistrationId is not null && !TaskIds.IsValid(RegistrationId))
            yield return $"cleanup \"registrationId\" {TaskNames.Describe(RegistrationId)} is not a valid id; expected {TaskIds.Accepted} or no value for every registration";
    }
}
