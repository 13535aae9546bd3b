using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Time.Testing;
using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

public sealed class SchedulerRedisTransactionTests
{
    [Fact]
    public void A_job_entering_processing_is_not_persisted_and_every_other_state_change_passes_through_whole()
    {
        var inner = new RecordingTransaction();
        var transaction = new SchedulerRedisTransaction(inner, new StorageUpkeep());

        transaction.SetJobState("p", new NamedState(ProcessingState.StateName));
        transaction.PersistJob("p");
        transaction.SetJobState("e", new EnqueuedState("default"));
        transaction.PersistJob("e");
        transaction.ExpireJob("s", TimeSpan.FromDays(1));
        transaction.Commit();

        Assert.Equal(["state p Processing", "state e Enqueued", "persist e", "expire s", "commit"], inner.Calls);
    }

    [Fact]
    public void A_counter_expiry_is_sent_until_a_transaction_with_it_commits_and_the_succeeded_list_is_trimmed_when_due()
    {
        var upkeep = new StorageUpkeep(new FakeTimeProvider());
        var day = TimeSpan.FromDays(1);

        var abandoned = new RecordingTransaction();
        new SchedulerRedisTransaction(abandoned, upkeep).IncrementCounter("stats:succeeded:2026-11-30", day);
        var first = new RecordingTransaction();
        var transaction = new SchedulerRedisTransaction(first, upkeep);
        transaction.IncrementCounter("stats:succeeded:2026-11-30", day);
        transaction.TrimList("succeeded", 0, 499);
        transaction.Commit();
        var second = new RecordingTransaction();
        transaction = new SchedulerRedisTransaction(second, upkeep);
        transaction.IncrementCounter("stats:succeeded:2026-11-30", day);
        transaction.TrimList("succeeded", 0, 499);
        transaction.Commit();

        Assert.Equal(["incr stats:succeeded:2026-11-30 expire"], abandoned.Calls);
        Assert.Equal(["incr stats:succeeded:2026-11-30 expire", "trim succeeded", "commit"], first.Calls);
        Assert.Equal(["incr stats:succeeded:2026-11-30", "commit"], second.Calls);
    }

    // Hangfire's ProcessingState has no public constructor; the transaction goes by the state's name.
    private sealed class NamedState(string name) : IState
    {
        public string Name => name;
        public string? Reason => null;
        public bool IsFinal => false;
        public bool IgnoreJobLoadException => false;
        public Dictionary<string, string> SerializeData() => [];
    }

    private sealed class RecordingTransaction : JobStorageTransaction
    {
        public List<string> Calls { get; } = [];

        public override void SetJobState(string jobId, IState state) => Calls.Add($"state {jobId} {state.Name}");
        public override void PersistJob(string jobId) => Calls.Add($"persist {jobId}");
        public override void ExpireJob(string jobId, TimeSpan expireIn) => Calls.Add($"expire {jobId}");
        public override void Commit() => Calls.Add("commit");
        public override void AddJobState(string jobId, IState state) { }
        public override void AddToQueue(string queue, string jobId) { }
        public override void IncrementCounter(string key) => Calls.Add($"incr {key}");
        public override void IncrementCounter(string key, TimeSpan expireIn) => Calls.Add($"incr {key} expire");
        public override void DecrementCounter(string key) { }
        public override void DecrementCounter(string key, TimeSpan expireIn) { }
        public override void AddToSet(string key, string value) { }
        public override void AddToSet(string key, string value, double score) { }
        public override void RemoveFromSet(string key, string value) { }
        public override void InsertToList(string key, string value) { }
        public override void RemoveFromList(string key, string value) { }
        public override void TrimList(string key, int keepStartingFrom, int keepEndingAt) => Calls.Add($"trim {key}");
        public override void SetRangeInHash(string key, IEnumerable<KeyValuePair<string, string>> keyValuePairs) { }
        public override void RemoveHash(string key) { }
    }
}
