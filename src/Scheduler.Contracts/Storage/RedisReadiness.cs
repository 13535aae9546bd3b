using Scheduler.Contracts.Client;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// What every component (at start) and the CLI (before each command) check of a Redis they reached, for the mistakes
/// that would otherwise fail later and half-way: a Cluster node, an ACL user missing a command or every channel, a
/// wrong password Redis let in as another user, a Redis older than 6.2. One place, so that the CLI refuses exactly
/// what the components refuse.
/// </summary>
internal static class RedisReadiness
{
    /// <summary>
    /// Checks <paramref name="redis"/> (connected with <paramref name="config"/>; <paramref name="where"/> is
    /// <see cref="RedisConnection.Describe"/>'s text). Without <paramref name="writes"/> (a caller that only reads) the
    /// probes of a write and a publish are left out. Returns the eviction policy when Redis has one (not
    /// <c>noeviction</c>): the caller says so (<see cref="EvictionWarning"/>); null otherwise or when INFO is refused. With
    /// <paramref name="acknowledgement"/> on, a caller that writes also needs <c>WAIT</c>.
    /// </summary>
    /// <exception cref="RedisUnusableException">Scheduler cannot work on this Redis; the message says why and what to change.</exception>
    /// <exception cref="RedisException">Any other failure to talk to Redis (the caller may wait and try again).</exception>
    public static async Task<string?> CheckAsync(IConnectionMultiplexer redis, ConfigurationOptions config, string where, string keyPrefix, bool writes,
        ReplicaAcknowledgement? acknowledgement = null)
    {
        RefuseCluster(redis, where);
        try
        {
            await RequireScriptsAsync(redis);
            if (writes) await RequireCommandsAsync(redis, where, keyPrefix);
            if (writes && acknowledgement is { IsOn: true }) await RequireWaitAsync(redis, where, acknowledgement);
            await RequireOwnUserAsync(redis, where, config);
            return await EvictionPolicyAsync(redis);
        }
        catch (RedisServerException e) when (IsPermissionRefusal(e))
        {
            throw new RedisUnusableException(PermissionRefused(where, e));
        }
        catch (RedisCommandException e) when (config.DefaultDatabase is { } database && e.Message.Contains("database does not exist", StringComparison.OrdinalIgnoreCase))
        {
            // Waiting does not create it: Redis has the databases its "databases" setting gives (16 by default, 0 to 15).
            throw new RedisUnusableException($"Redis at {where} has no database {database}; expected one it has (0 to its \"databases\" setting - 1, "
                + "0 to 15 by default), as the number after the port in redis://host:port/<db> or defaultDatabase=<db>");
        }
    }

    /// <summary>True when Redis refused a command for the ACL user's rights (waiting does not grant them).</summary>
    public static bool IsPermissionRefusal(RedisServerException e) =>
        e.Message.StartsWith("NOPERM", StringComparison.Ordinal) || e.Message.Contains("The user executing the script can't", StringComparison.Ordinal)
        // A transaction refused: StackExchange.Redis names the refusal after "EXECABORT Transaction discarded because of: ".
        || (IsTransactionAbort(e) && e.Message.Contains("NOPERM", StringComparison.Ordinal));

    /// <summary>
    /// True for a transaction Redis aborted because it refused a command while queuing it, naming no permission: Redis
    /// gives no reason ("EXECABORT Transaction discarded because of previous errors"), and the refusals it stands for pass
    /// by themselves (memory full, a replica after a failover, too few replicas).
    /// </summary>
    public static bool IsQueuingRefusal(RedisServerException e) => IsTransactionAbort(e) && !e.Message.Contains("NOPERM", StringComparison.Ordinal);

    private static bool IsTransactionAbort(RedisServerException e) => e.Message.StartsWith("EXECABORT", StringComparison.Ordinal);

    /// <summary>The refusal of <see cref="IsPermissionRefusal"/>, with the rule the ACL user needs.</summary>
    public static string PermissionRefused(string where, RedisServerException e) =>
        $"Redis at {where} refused a command Scheduler needs ({Refusal(e)}): its ACL user needs "
        + "every command on every key and channel, e.g. ACL SETUSER <user> on >password ~* &* +@all";

    // The refusal itself, without the transaction's abort around it.
    private static string Refusal(RedisServerException e)
    {
        var message = e.Message.Trim();
        var at = message.IndexOf("NOPERM", StringComparison.Ordinal);
        return IsTransactionAbort(e) && at > 0 ? message[at..] : message;
    }

    /// <summary>What to say of an evicting <paramref name="policy"/> (<see cref="CheckAsync"/>'s answer).</summary>
    public static string EvictionWarning(string where, string policy) =>
        $"Redis at {where} has maxmemory-policy {policy}: under memory pressure it evicts keys Scheduler needs (locks, run ledgers, "
        + "the due index), and runs may be lost or run twice. Set maxmemory-policy noeviction (Redis then refuses writes when full, "
        + "which Scheduler retries) and give it the memory it needs";

    // Scheduler's scripts name keys built inside them, across hash slots: on a Cluster each would fail with CROSSSLOT
    // at its first use, long after a start that looked fine.
    private static void RefuseCluster(IConnectionMultiplexer redis, string where)
    {
        if (redis.GetServers().Any(s => s.IsConnected && s.ServerType == ServerType.Cluster))
            throw new RedisUnusableException($"Redis at {where} is a Redis Cluster node: Scheduler needs one primary (alone, or with replicas behind "
                + "Sentinel: add serviceName=<master name>), as its scripts touch keys of several hash slots together");
    }

    // GETDEL (locks) and XTRIM MINID (the audit trail) came with Redis 6.2; an older server, or one with the command
    // renamed away, would accept the connection and fail the first lock of the first job. Probing the command itself
    // also works where an ACL hides INFO (and the version StackExchange.Redis guesses from it).
    private static async Task RequireCommandsAsync(IConnectionMultiplexer redis, string where, string keyPrefix)
    {
        try
        {
            await redis.GetDatabase().ExecuteAsync("GETDEL", $"{keyPrefix}startup-probe");
            // Channels too, as the scripts publish them: Redis 7 gives a new ACL user none (acl-pubsub-default resetchannels),
            // and a script refused its PUBLISH half-way keeps what it wrote before (a task stored, its caller told it failed).
            await redis.GetDatabase().PublishAsync(RedisChannel.Literal($"{keyPrefix}startup-probe"), "");
        }
        catch (RedisServerException e) when (e.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
        {
            var version = redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica)?.Version;
            throw new RedisUnusableException(
                $"Redis at {where}{(version is null ? "" : $" (reports version {version})")} does not know GETDEL: Scheduler needs Redis 6.2 or " +
                "later with GETDEL and XTRIM enabled (not renamed by rename-command); upgrade redis-server or point " +
                $"{RedisConnection.EnvironmentVariable} at one");
        }
    }

    // Every acknowledged write ends with WAIT: a user refused it (-wait, -@connection, a rule short of +@all), or a server
    // that does not know it, would start and then see each such write made on the primary and reported failed (or retried
    // at start as if Redis were away). WAIT 0 0 answers at once and changes nothing.
    private static async Task RequireWaitAsync(IConnectionMultiplexer redis, string where, ReplicaAcknowledgement acknowledgement)
    {
        try
        {
            await redis.GetDatabase().ExecuteAsync("WAIT", [0, 0], CommandFlags.DemandMaster);
        }
        catch (RedisServerException e) when (IsPermissionRefusal(e))
        {
            throw new RedisUnusableException($"{ReplicaAcknowledgementException.Setting} makes each write wait for {acknowledgement.Replicas} replica(s), "
                + $"but Redis at {where} refused WAIT ({e.Message.Trim()}): its ACL user needs +wait (part of +@connection and +@all), "
                + "e.g. ACL SETUSER <user> on >password ~* &* +@all; or set Replicas to 0 to write without waiting");
        }
        catch (RedisServerException e) when (e.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
        {
            // A proxy that does not pass WAIT on (twemproxy) or a server with it renamed away: waiting does not teach it.
            throw new RedisUnusableException($"{ReplicaAcknowledgementException.Setting} makes each write wait for {acknowledgement.Replicas} replica(s), "
                + $"but Redis at {where} does not know WAIT ({e.Message.Trim()}): a proxy in front of Redis (e.g. twemproxy) or a server with WAIT "
                + "renamed by rename-command cannot say which replicas hold a write; connect to the Redis primary itself (or through Sentinel: "
                + "serviceName=<master name>) with WAIT enabled, or set Replicas to 0 to write without waiting");
        }
    }

    // Every read and write of Scheduler's goes through Lua scripts, sent as EVAL once and EVALSHA after: a user refused
    // either would start and then fail every firing round as if Redis were away. Both forms are probed, by name; so is
    // MULTI/EXEC, which every Hangfire state change (a Beat's fire, a worker's job) and a cleanup registration's write use:
    // without it a worker started as if all were well and then failed every job.
    private static async Task RequireScriptsAsync(IConnectionMultiplexer redis)
    {
        const string probe = "return 1";
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(probe)));
        await redis.GetDatabase().ExecuteAsync("EVAL", probe, 0);
        await redis.GetDatabase().ExecuteAsync("EVALSHA", sha, 0);
        var transaction = redis.GetDatabase().CreateTransaction();
        var ping = transaction.PingAsync();
        await transaction.ExecuteAsync();
        await ping;
    }

    // With the default user on and without a password, Redis lets a wrong password in as "default" (../shared/NOTES.md):
    // the caller would act under other rights than the ones set for its user, or stop at the first refusal.
    private static async Task RequireOwnUserAsync(IConnectionMultiplexer redis, string where, ConfigurationOptions config)
    {
        if (string.IsNullOrEmpty(config.User)) return;
        string? me;
        try { me = (string?)await redis.GetDatabase().ExecuteAsync("ACL", "WHOAMI"); }
        catch (Exception e) when (e is RedisServerException or RedisCommandException) { return; } // WHOAMI refused: nothing to compare
        if (me is not null && me != config.User)
            throw new RedisUnusableException($"Redis at {where} took the connection as user \"{me}\", not \"{config.User}\": its password was refused and Redis let "
                + $"the connection in as \"{me}\" (on with no password). Check password=, and turn that user off (ACL SETUSER {me} off)");
    }

    // A Redis that evicts keys under memory pressure drops what a job system may not lose: locks and run ledgers (they
    // have an expiry, so volatile-* policies take them first), or with allkeys-* the due index itself. Said loudly
    // rather than refused: a development Redis may not care, and INFO may be closed to the ACL user.
    private static async Task<string?> EvictionPolicyAsync(IConnectionMultiplexer redis)
    {
        try
        {
            // Through a script: StackExchange.Redis keeps INFO for connections in admin mode, which Scheduler's are not.
            var memory = (string?)await redis.GetDatabase().ScriptEvaluateAsync("return redis.call('INFO', 'memory')") ?? "";
            var policy = memory.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("maxmemory_policy:", StringComparison.Ordinal));
            return policy is not null && policy["maxmemory_policy:".Length..] is var name && name != "noeviction" ? name : null;
        }
        catch (RedisServerException) { return null; } // INFO refused (an ACL): nothing to say
    }
}
