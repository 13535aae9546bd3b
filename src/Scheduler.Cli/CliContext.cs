using System.CommandLine;
using Scheduler.Contracts.Client;
using StackExchange.Redis;

namespace Scheduler.Cli;

/// <summary>What every command shares: output writers, environment, and the connection options.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public Func<string, string?> Environment { get; } = environment;

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "Redis connection string (default: $SCHEDULER_REDIS, else localhost:6379)",
        Recursive = true,
    };

    public Option<string?> Prefix { get; } = new("--prefix")
    {
        Description = "Key prefix of the Scheduler system (default: $SCHEDULER_PREFIX, else scheduler:)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON output", Recursive = true };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public async Task<SchedulerClient> ConnectAsync(ParseResult parse)
    {
        var connection = parse.GetValue(Redis) ?? Environment("SCHEDULER_REDIS") ?? "localhost:6379";
        var prefix = parse.GetValue(Prefix) ?? Environment("SCHEDULER_PREFIX") ?? "scheduler:";
        var zone = Environment("SCHEDULER_TIMEZONE") ?? "UTC";
        try
        {
            return await SchedulerClient.ConnectAsync(connection,
                new SchedulerClientOptions { KeyPrefix = prefix, DefaultTimeZone = zone }, Time);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or ArgumentException)
        {
            throw new CliException(ExitCodes.RedisUnreachable,
                $"cannot reach Redis at \"{connection}\"; start redis-server or pass --redis / set SCHEDULER_REDIS");
        }
    }
}
