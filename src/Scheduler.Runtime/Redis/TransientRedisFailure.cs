using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Failures that mean "Redis is away or not accepting writes yet": lost or refused connections, time-outs, a server
/// loading its data, a replica not promoted yet, memory full, replicas short of the acknowledgement asked for. A script
/// error is a bug and is not repeated.
/// </summary>
internal static class TransientRedisFailure
{
    private static readonly string[] TransientReplies = ["LOADING", "READONLY", "MASTERDOWN", "OOM", "BUSY", "TRYAGAIN", "NOREPLICAS", "CLUSTERDOWN"];

    public static bool Is(Exception e) => e switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        // The write landed on the primary but not yet on the replicas asked for: repeated (the token makes it one write)
        // until they hold it, as NOREPLICAS would be under min-replicas-to-write.
        Contracts.Client.ReplicaAcknowledgementException => true,
        RedisServerException server => TransientReplies.Any(p => server.Message.StartsWith(p, StringComparison.Ordinal)),
        RedisException redis => redis.Message.Contains("No connection is", StringComparison.Ordinal),
        _ => false,
    };
}
