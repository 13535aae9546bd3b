namespace Scheduler.Contracts.Tasks;

/// <summary>Names a <see cref="TaskDefinition"/> type; the name is the JSON discriminator and the CLI's type word.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TaskTypeAttribute(string name) : Attribute
{
    /// <summary>Lower-case name such as "notification" or "shell".</summary>
    public string Name { get; } = name;
}
