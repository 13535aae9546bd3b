using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Cli;

/// <summary>What every command shares: output writers, environment, and the connection options.</summary>
internal sealed partial class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment)
{
    private const string PrefixEnvironmentVariable = "SCHEDULER_PREFIX";

    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public Func<string, string?> Environment { get; } = environment;

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = $"Redis connection: host:port[,user=…,password=…,ssl=true,serviceName=…] or redis://[user:password@]host:port/db " +
            $"(rediss:// for TLS) (default: ${RedisConnection.EnvironmentVariable}, else {RedisConnection.Default}; a private CA: ${RedisConnection.TlsCaEnvironmentVariable}=<pem>)",
        Recursive = true,
    };

    public Option<string?> Prefix { get; } = new("--prefix")
    {
        Description = $"Key prefix of the Scheduler system (default: ${PrefixEnvironmentVariable}, else {RedisKeys.DefaultPrefix})",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON output", Recursive = true };

    public Option<string?> As { get; } = new("--as")
    {
        Description = "Who is acting, recorded as the task's createdBy/changedBy (default: the OS user name)",
        Recursive = true,
    };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The one way a command prints its result: <paramref name="json"/> serialized under <c>--json</c>, otherwise what
    /// <paramref name="text"/> writes to <see cref="Out"/>.
    /// </summary>
    public async Task PrintAsync<T>(ParseResult parse, T json, Func<TextWriter, Task> text)
    {
        if (parse.GetValue(Json)) await Out.WriteLineAsync(Output.Formatting.Json(json));
        else await text(Out);
    }

    private async Task<SchedulerClient> ConnectAsync(ParseResult parse)
    {
        var connection = parse.GetValue(Redis) ?? Environment(RedisConnection.EnvironmentVariable) ?? RedisConnection.Default;
        var prefix = parse.GetValue(Prefix) ?? Environment(PrefixEnvironmentVariable) ?? RedisKeys.DefaultPrefix;
        var zone = Environment("SCHEDULER_TIMEZONE") ?? "UTC";
        ConfigurationOptions config;
        try
        {
            config = RedisConnection.Parse(connection, Environment(RedisConnection.TlsCaEnvironmentVariable));
        }
        catch (FormatException e)
        {
            throw new CliException(ExitCodes.BadInput, e.Message);
        }
        var actor = Actor(parse);
        var where = RedisConnection.Describe(connection);
        try
        {
            return await SchedulerClient.ConnectAsync(config, new SchedulerClientOptions { KeyPrefix = prefix, DefaultTimeZone = zone, Actor = actor }, Time);
        }
        catch (Exception e) when (RedisConnection.LooksLikeBareSentinel(e))
        {
            throw new CliException(ExitCodes.RedisUnreachable, RedisConnection.SentinelWithoutServiceName(config));
        }
        catch (RedisConnectionException e) when (RedisConnection.IsAuthFailure(e))
        {
            throw new CliException(ExitCodes.RedisUnreachable, RedisConnection.CredentialsRefused(where));
        }
        catch (RedisConnectionException e) when (e.Message.Contains("is a Sentinel", StringComparison.Ordinal))
        {
            throw new CliException(ExitCodes.RedisUnreachable, e.Message);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or ArgumentException)
        {
            throw new CliException(ExitCodes.RedisUnreachable,
                $"cannot reach Redis at {where}; start redis-server or pass --redis / set {RedisConnection.EnvironmentVariable}");
        }
    }
}
