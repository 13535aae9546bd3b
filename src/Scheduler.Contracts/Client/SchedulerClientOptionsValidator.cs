using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;

namespace Scheduler.Contracts.Client;

/// <summary>Checks a registered client's settings when the host starts, so a typo stops it with the setting named.</summary>
internal sealed class SchedulerClientOptionsValidator : IValidateOptions<SchedulerClientOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerClientOptions options)
    {
        var failures = new List<string>();
        if (options.KeyPrefix is null || !Regex.IsMatch(options.KeyPrefix, RedisKeys.PrefixPattern))
            failures.Add($"{nameof(SchedulerClientOptions.KeyPrefix)} must be {RedisKeys.PrefixAccepted}");
        try
        {
            ScheduleTimeZones.Find(options.DefaultTimeZone);
        }
        catch (ScheduleSpecException e)
        {
            failures.Add($"{nameof(SchedulerClientOptions.DefaultTimeZone)}: {e.Message}");
        }
        if (options.Audit?.Problem() is { } audit) failures.Add($"{nameof(SchedulerClientOptions.Audit)}.{audit}");
        if (options.ReplicaAcknowledgement?.Problem() is { } acknowledgement)
            failures.Add($"{nameof(SchedulerClientOptions.ReplicaAcknowledgement)}.{acknowledgement}");
        if (SchedulerClient.ActorProblem(options.Actor) is { } actor) failures.Add($"{nameof(SchedulerClientOptions.Actor)} {actor}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
