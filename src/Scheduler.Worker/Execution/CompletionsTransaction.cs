using Hangfire.Storage;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The transaction of a batch of Succeeded states (<see cref="CompletionBatcher"/>). Each job's state adds one to the
/// same statistics counters, takes the job out of the processing set and puts it on the succeeded list; here those
/// become one increment per counter, one ZREM and one LPUSH for the batch. Anything else goes to the inner transaction.
/// </summary>
internal sealed class CompletionsTransaction(JobStorageTransaction inner, HangfireKeys keys) : ForwardingJobTransaction(inner)
{
    private const string ProcessingSet = "processing", SucceededList = "succeeded";

    private readonly Dictionary<string, (long Count, TimeSpan? ExpireIn)> _counters = new(StringComparer.Ordinal);
    private readonly List<RedisValue> _leftProcessing = [], _succeeded = [];

    public override void IncrementCounter(string key) => Count(key, null);

    public override void IncrementCounter(string key, TimeSpan expireIn) => Count(key, expireIn);

    private void Count(string key, TimeSpan? expireIn)
    {
        _counters.TryGetValue(key, out var counted);
        _counters[key] = (counted.Count + 1, expireIn ?? counted.ExpireIn);
    }

    public override void RemoveFromSet(string key, string value)
    {
        if (key == ProcessingSet) _leftProcessing.Add(value);
        else base.RemoveFromSet(key, value);
    }

    public override void InsertToList(string key, string value)
    {
        if (key == SucceededList) _succeeded.Add(value);
        else base.InsertToList(key, value);
    }

    public override void Commit()
    {
        if (LibraryTransaction.Of(Inner) is not { } transaction)
        {
            // Not the library's transaction: every write as the state machine asked for it.
            foreach (var (key, (count, expireIn)) in _counters)
                for (var i = 0; i < count; i++)
                    if (expireIn is { } expiry) base.IncrementCounter(key, expiry);
                    else base.IncrementCounter(key);
            foreach (var id in _leftProcessing) base.RemoveFromSet(ProcessingSet, id!);
            foreach (var id in _succeeded) base.InsertToList(SucceededList, id!);
            base.Commit();
            return;
        }
        foreach (var (key, (count, expireIn)) in _counters)
        {
            // One increment through the storage's own path, which refreshes the counter's expiry when due; the rest at once.
            if (expireIn is { } expiry) base.IncrementCounter(key, expiry);
            else base.IncrementCounter(key);
            if (count > 1) _ = transaction.StringIncrementAsync(keys.Lock(key), count - 1);
        }
        if (_leftProcessing.Count > 0) _ = transaction.SortedSetRemoveAsync(keys.Lock(ProcessingSet), [.. _leftProcessing]);
        if (_succeeded.Count > 0) _ = transaction.ListLeftPushAsync(keys.Lock(SucceededList), [.. _succeeded]);
        base.Commit();
    }
}
