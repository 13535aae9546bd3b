using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>The connection, the CA file and the replica acknowledgement are read at start, so a typo stops the process with the part that is wrong.</summary>
internal sealed class SchedulerRedisOptionsValidator : IValidateOptions<SchedulerRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerRedisOptions options)
    {
        var failures = new List<string>();
        try
        {
            RedisConnection.Parse(options.ConnectionString, options.TlsCaCertificate);
        }
        catch (FormatException e)
        {
            failures.Add($"{SchedulerRedisOptions.Section}:ConnectionString / {SchedulerRedisOptions.EnvironmentVariable}: {e.Message}");
        }
        if (options.ReplicaAcknowledgement?.Problem() is { } acknowledgement)
            failures.Add($"{SchedulerRedisOptions.Section}:{nameof(SchedulerRedisOptions.ReplicaAcknowledgement)}:{acknowledgement}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
