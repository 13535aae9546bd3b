using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>A Hangfire storage transaction that passes every operation to <paramref name="inner"/>; subclasses change a few.</summary>
internal abstract class ForwardingJobTransaction(JobStorageTransaction inner) : JobStorageTransaction
{
    protected internal JobStorageTransaction Inner => inner;

    public override void PersistJob(string jobId) => inner.PersistJob(jobId);
    public override void AddToQueue(string queue, string jobId) => inner.AddToQueue(queue, jobId);
    public override void ExpireJob(string jobId, TimeSpan expireIn) => inner.ExpireJob(jobId, expireIn);
    public override void SetJobState(string jobId, IState state) => inner.SetJobState(jobId, state);
    public override void AddJobState(string jobId, IState state) => inner.AddJobState(jobId, state);
    public override void IncrementCounter(string key) => inner.IncrementCounter(key);
    public override void IncrementCounter(string key, TimeSpan expireIn) => inner.IncrementCounter(key, expireIn);
    public override void DecrementCounter(string key) => inner.DecrementCounter(key);
    public override void DecrementCounter(string key, TimeSpan expireIn) => inner.DecrementCounter(key, expireIn);
    public override void AddToSet(string key, string value) => inner.AddToSet(key, value);
    public override void AddToSet(string key, string value, double score) => inner.AddToSet(key, value, score);
    public override void RemoveFromSet(string key, string value) => inner.RemoveFromSet(key, value);
    public override void InsertToList(string key, string value) => inner.InsertToList(key, value);
    public override void RemoveFromList(string key, string value) => inner.RemoveFromList(key, value);
    public override void TrimList(string key, int keepStartingFrom, int keepEndingAt) => inner.TrimList(key, keepStartingFrom, keepEndingAt);
    public override void SetRangeInHash(string key, IEnumerable<KeyValuePair<string, string>> keyValuePairs) => inner.SetRangeInHash(key, keyValuePairs);
    public override void RemoveHash(string key) => inner.RemoveHash(key);
    public override void Commit() => inner.Commit();
    public override void Dispose() => inner.Dispose();
    public override void ExpireSet(string key, TimeSpan expireIn) => inner.ExpireSet(key, expireIn);
    public override void ExpireList(string key, TimeSpan expireIn) => inner.ExpireList(key, expireIn);
    public override void ExpireHash(string key, TimeSpan expireIn) => inner.ExpireHash(key, expireIn);
    public override void PersistSet(string key) => inner.PersistSet(key);
    public override void PersistList(string key) => inner.PersistList(key);
    public override void PersistHash(string key) => inner.PersistHash(key);
    public override void AddRangeToSet(string key, IList<string> items) => inner.AddRangeToSet(key, items);
    public override void RemoveSet(string key) => inner.RemoveSet(key);
    public override void AcquireDistributedLock(string resource, TimeSpan timeout) => inner.AcquireDistributedLock(resource, timeout);
    public override void RemoveFromQueue(IFetchedJob fetchedJob) => inner.RemoveFromQueue(fetchedJob);
    public override void SetJobParameter(string jobId, string name, string? value) => inner.SetJobParameter(jobId, name, value);
    public override string CreateJob(Job job, IDictionary<string, string> parameters, DateTime createdAt, TimeSpan expireIn) =>
        inner.CreateJob(job, parameters, createdAt, expireIn);
}
