using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// What a schedule runs. Each task type is a record deriving from this one, named by <see cref="TaskTypeAttribute"/>
/// and executed by the worker's handler for that type. Stored as JSON with a <c>"type"</c> discriminator.
/// </summary>
public abstract record TaskDefinition
{
    /// <summary>The task type name from <see cref="TaskTypeAttribute"/> (e.g. "notification").</summary>
    [JsonIgnore]
    public string TypeName => TaskTypes.NameOf(GetType());

    /// <summary>Per-task overrides of the worker's retry and timeout defaults.</summary>
    public ExecutionPolicy? Execution { get; init; }

    /// <summary>
    /// The problems that make this definition unusable, each one sentence naming the field and what is accepted;
    /// empty when it is valid. Checked before anything is written to Redis.
    /// </summary>
    public virtual IEnumerable<string> Validate() => Execution?.Validate() ?? [];
}
