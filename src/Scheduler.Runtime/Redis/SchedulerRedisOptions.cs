using System.ComponentModel.DataAnnotations;
using Scheduler.Contracts.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>Where the system keeps its state. Bound from <c>Scheduler:Redis</c>; <c>SCHEDULER_REDIS</c> overrides the connection.</summary>
public sealed class SchedulerRedisOptions
{
    public const string Section = "Scheduler:Redis";
    public const string EnvironmentVariable = RedisConnection.EnvironmentVariable;
    public const string TlsCaEnvironmentVariable = RedisConnection.TlsCaEnvironmentVariable;

    /// <summary>
    /// StackExchange.Redis connection string (<c>host:port,user=…,password=…,ssl=true,serviceName=…</c>) or a URL
    /// (<c>redis://[user:password@]host:port/db</c>, <c>rediss://</c> for TLS).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = RedisConnection.Default;

    /// <summary>PEM file of a private CA that signed the Redis server's TLS certificate (trusted for Redis only).</summary>
    public string? TlsCaCertificate { get; set; }

    /// <summary>Prefix of Scheduler's own keys.</summary>
    [Required(AllowEmptyStrings = false), RegularExpression(RedisKeys.PrefixPattern, ErrorMessage = "KeyPrefix must be " + RedisKeys.PrefixAccepted)]
    public string KeyPrefix { get; set; } = RedisKeys.DefaultPrefix;

    /// <summary>Prefix of Hangfire's keys.</summary>
    [Required(AllowEmptyStrings = false), RegularExpression(RedisKeys.PrefixPattern, ErrorMessage = "HangfirePrefix must be " + RedisKeys.PrefixAccepted)]
    public string HangfirePrefix { get; set; } = "{hangfire}:";

    /// <summary>
    /// Not used: accepted so that configuration naming it still starts. It was Hangfire.Redis.StackExchange's time after
    /// which its fetched-jobs watcher handed a job back whether or not its worker lived, so a run longer than it started
    /// again. A fetched job is now handed back only when its worker stopped heart-beating (Beat's
    /// <c>WorkerDeadAfter</c>), however long it runs.
    /// </summary>
    [Obsolete("Not used: a fetched job is handed back only when its worker stopped heart-beating (Scheduler:Beat:WorkerDeadAfter).")]
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Backstop polling of the queues when a pub/sub wake-up was missed (Hangfire's default is 3 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Replicas that must hold a worker's claim of a run before its handler starts, each attempt's outcome, and a task's
    /// creation, replacement or cancellation through the dashboard, before each counts as done (Redis's <c>WAIT</c>).
    /// None by default: no wait and no extra round trip.
    /// </summary>
    public Contracts.Client.ReplicaAcknowledgement ReplicaAcknowledgement { get; set; } = new();
}
