using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Cli;

/// <summary>What every command shares: output writers, environment, and the connection options.</summary>
internal sealed partial class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment)
{
    private const string PrefixEnvironmentVariable = "SCHEDULER_PREFIX";
    private static readonly string DefaultPrefix = new SchedulerClientOptions().KeyPrefix;

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
        Description = $"Key prefix of the Scheduler system (default: ${PrefixEnvironmentVariable}, else {DefaultPrefix})",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON output", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Say on stderr what the command does (Redis endpoint with the password masked, key prefix, time taken) and, on failure, every cause",
        Recursive = true,
    };

    /// <summary>Writes one <c>verbose:</c> line to stderr when <c>--verbose</c> is given.</summary>
    public async Task TraceAsync(ParseResult parse, string message)
    {
        if (parse.GetValue(Verbose)) await Error.WriteLineAsync($"verbose: {message}");
    }

    public Option<string?> As { get; } = new("--as")
    {
        Description = "Who is acting, recorded as the task's createdBy/changedBy (default: the OS user name)",
        Recursive = true,
    };

    /// <summary>
    /// The command's clock: the host's (a test's fake) until connected, then Redis's, so an instant a command reads once
    /// connected ("pause --until 2h", "audit --since 1h", backfill's end) counts from the same "now" as the Beat's. A
    /// command that checks such an instant before connecting (so bad input is exit 2 with Redis down) reads it again then.
    /// </summary>
    public TimeProvider Time { get => _redisClock ?? _hostClock; init => _hostClock = value; }

    private readonly TimeProvider _hostClock = TimeProvider.System;
    private RedisClock? _redisClock;

    /// <summary>The zone a spec is read in when <c>--tz</c> names none: <c>$SCHEDULER_TIMEZONE</c>, else UTC (the client's default too).</summary>
    public string DefaultTimeZone => Environment("SCHEDULER_TIMEZONE") ?? "UTC";

    /// <summary>
    /// The one way a command prints its result: <paramref name="json"/> serialized under <c>--json</c>, otherwise what
    /// <paramref name="text"/> writes to <see cref="Out"/>.
    /// </summary>
    public async Task PrintAsync<T>(ParseResult parse, T json, Func<TextWriter, Task> text)
    {
        if (parse.GetValue(Json)) await Out.WriteLineAsync(Output.Formatting.Json(json));
        else await text(Out);
    }

    /// <summary>
    /// Connects, then checks Redis (<see cref="RedisReadiness"/>; without <paramref name="writes"/>, as for a command that
    /// only reads): a Redis Scheduler cannot use ends the command with exit 4 and the cause, an evicting one is warned of.
    /// </summary>
    // A command that checks the live workers (schedule, update) takes --no-verify; the client then skips the check.
    private static bool NoVerify(ParseResult parse) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--no-verify") is Option<bool> option && parse.GetValue(option);

    private async Task<SchedulerClient> ConnectAsync(ParseResult parse, bool writes)
    {
        var connection = parse.GetValue(Redis) ?? Environment(RedisConnection.EnvironmentVariable) ?? RedisConnection.Default;
        var prefix = parse.GetValue(Prefix) ?? Environment(PrefixEnvironmentVariable) ?? DefaultPrefix;
        var zone = DefaultTimeZone;
        // Checked here, not left to the client: its refusal is an ArgumentException, which would read as Redis unreachable.
        if (!System.Text.RegularExpressions.Regex.IsMatch(prefix, RedisKeys.PrefixPattern))
            throw new CliException(ExitCodes.BadInput, $"key prefix \"{prefix}\" (--prefix or ${PrefixEnvironmentVariable}) is not accepted; expected {RedisKeys.PrefixAccepted}");
        try { Contracts.Scheduling.ScheduleTimeZones.Find(zone); }
        catch (Contracts.Scheduling.ScheduleSpecException e) { throw new CliException(ExitCodes.BadInput, $"$SCHEDULER_TIMEZONE: {e.Message}", e); }
        ConfigurationOptions config;
        try
        {
            config = RedisConnection.Parse(connection, Environment(RedisConnection.TlsCaEnvironmentVariable));
        }
        catch (FormatException e)
        {
            throw new CliException(ExitCodes.BadInput, e.Message, e);
        }
        var actor = Actor(parse);
        var acknowledgement = writes ? Acknowledgement(parse) : await AcknowledgementToReadAsync(parse);
        var where = RedisConnection.Describe(connection);
        await TraceAsync(parse, $"connecting to Redis at {where} (key prefix \"{prefix}\", default time zone {zone}"
            + (acknowledgement.Replicas > 0 ? $", each write waiting for {acknowledgement.Replicas} replica(s) up to {acknowledgement.Timeout.TotalMilliseconds:0} ms)" : ")"));
        var started = Time.GetTimestamp();
        try
        {
            // The command goes by Redis's clock, as the Beat does: "in 5 minutes" from a host whose clock is off still
            // fires 5 minutes from now. One TIME round trip per command.
            var clock = new RedisClock(_hostClock);
            var client = await SchedulerClient.ConnectAsync(config, connection, new SchedulerClientOptions
            {
                KeyPrefix = prefix, DefaultTimeZone = zone, Actor = actor,
                VerifyWorkers = !NoVerify(parse) && !string.Equals(Environment("SCHEDULER_VERIFY"), "false", StringComparison.OrdinalIgnoreCase),
                ReplicaAcknowledgement = acknowledgement,
            }, clock);
            await TraceAsync(parse, $"connected in {Time.GetElapsedTime(started).TotalMilliseconds:0} ms");
            try
            {
                if (await client.CheckRedisAsync(config, where, writes) is { } policy)
                    await Error.WriteLineAsync($"warning: {RedisReadiness.EvictionWarning(where, policy)}");
                await TraceAsync(parse, await client.FollowRedisClockAsync() is { } unread
                    ? $"Redis's clock not read ({unread}); the command goes by this host's"
                    : $"this host's clock is {ClockOffsets.Describe(-clock.Offset)}; the command goes by Redis's");
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
            _redisClock = clock;
            return client;
        }
        catch (RedisUnusableException e) when (e.Message.StartsWith(ReplicaAcknowledgementException.Setting, StringComparison.Ordinal))
        {
            throw new CliException(ExitCodes.RedisUnreachable, $"{e.Message} (here: --replica-ack, or ${ReplicasVariable})", e);
        }
        catch (RedisUnusableException e)
        {
            throw new CliException(ExitCodes.RedisUnreachable, e.Message, e);
        }
        catch (Exception e) when (RedisConnection.ExplainConnectFailure(e, config, connection) is { } explained)
        {
            throw new CliException(ExitCodes.RedisUnreachable, explained, e);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or ArgumentException)
        {
            throw new CliException(ExitCodes.RedisUnreachable,
                $"cannot reach Redis at {where}; start redis-server or pass --redis / set {RedisConnection.EnvironmentVariable}", e);
        }
    }
}
