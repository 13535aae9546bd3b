using Microsoft.Extensions.Options;

namespace Scheduler.Contracts.Client;

/// <summary>
/// Hands out the host's <see cref="SchedulerClientOptions"/>, validated. The options are an immutable record, so they
/// are built whole by the host's delegate rather than mutated by configure actions as the default factory would.
/// </summary>
internal sealed class SchedulerClientOptionsFactory(SchedulerClientOptions options, IEnumerable<IValidateOptions<SchedulerClientOptions>> validators)
    : IOptionsFactory<SchedulerClientOptions>
{
    public SchedulerClientOptions Create(string name)
    {
        var failures = validators.Select(v => v.Validate(name, options)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        if (failures.Count > 0) throw new OptionsValidationException(name, typeof(SchedulerClientOptions), failures);
        return options;
    }
}
