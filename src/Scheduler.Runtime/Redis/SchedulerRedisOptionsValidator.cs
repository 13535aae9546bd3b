using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>The connection and the CA file are read at start, so a typo stops the process with the part that is wrong.</summary>
internal sealed class SchedulerRedisOptionsValidator : IValidateOptions<SchedulerRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerRedisOptions options)
    {
        try
        {
            RedisConnection.Parse(options.ConnectionString, options.TlsCaCertificate);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail($"{SchedulerRedisOptions.Section}:ConnectionString / {SchedulerRedisOptions.EnvironmentVariable}: {e.Message}");
        }
    }
}
