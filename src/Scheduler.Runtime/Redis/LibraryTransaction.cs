using System.Reflection;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// The StackExchange.Redis transaction inside Hangfire.Redis.StackExchange's write-only transaction, for the commands
/// the library's transaction has no operation for (a fetch, a wake-up) that must go in the same MULTI/EXEC.
/// </summary>
internal static class LibraryTransaction
{
    // Hangfire.Redis.StackExchange 1.12's RedisWriteOnlyTransaction keeps it here; a package upgrade must re-check it
    // (without it nothing is fetched ahead and a batch announces every job: JobPrefetchesTests and HangfireJobBatchTests fail).
    private static readonly FieldInfo? Field = typeof(RedisStorage).Assembly
        .GetType("Hangfire.Redis.StackExchange.RedisWriteOnlyTransaction")?.GetField("_transaction", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>The transaction <paramref name="transaction"/> (or the one it forwards to) sends on commit; null for any other storage's.</summary>
    public static ITransaction? Of(JobStorageTransaction transaction) => transaction switch
    {
        ForwardingJobTransaction forwarding => Of(forwarding.Inner),
        _ when Field?.DeclaringType?.IsInstanceOfType(transaction) == true => Field.GetValue(transaction) as ITransaction,
        _ => null,
    };
}
