using Hangfire.Common;
using Hangfire.States;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Hangfire.Redis.StackExchange 1.12's <c>SetJobState</c> and <c>AddJobState</c> (a package upgrade must re-check them),
/// queued on the library's own transaction with the history entry written by <see cref="HangfireJson"/>: the same
/// commands, keys and values, without a Json.NET serializer per state change (two per run on a worker, one per fire).
/// </summary>
internal sealed class JobStateWrites(ITransaction sent, HangfireKeys keys)
{
    /// <summary>The writer for a library transaction, or null when it is not one or the direct JSON does not agree here.</summary>
    public static JobStateWrites? For(Hangfire.Storage.JobStorageTransaction transaction, HangfireKeys? keys) =>
        keys is not null && HangfireJson.Agrees && LibraryTransaction.Of(transaction) is { } sent ? new JobStateWrites(sent, keys) : null;

    /// <summary>The job's State field, its state hash replaced, and the state appended to its history.</summary>
    public void SetJobState(string jobId, IState state)
    {
        _ = sent.HashSetAsync(keys.Job(jobId), "State", state.Name);
        _ = sent.KeyDeleteAsync(keys.JobState(jobId));
        var data = state.SerializeData();
        _ = sent.HashSetAsync(keys.JobState(jobId), [.. StateHash(state, data).Select(p => new HashEntry(p.Key, p.Value))]);
        AddJobState(jobId, state, data);
    }

    /// <summary>A state's hash (<c>job:{id}:state</c>): its data (<paramref name="data"/>), then <c>State</c> and, if any, <c>Reason</c>.</summary>
    public static List<KeyValuePair<string, string>> StateHash(IState state, Dictionary<string, string> data)
    {
        var fields = new List<KeyValuePair<string, string>>(data.Count + 2);
        fields.AddRange(data);
        fields.Add(new("State", state.Name));
        if (state.Reason is not null) fields.Add(new("Reason", state.Reason));
        return fields;
    }

    /// <summary>The state appended to the job's history: its data, then <c>State</c>, <c>Reason</c> and <c>CreatedAt</c>.</summary>
    public void AddJobState(string jobId, IState state) => AddJobState(jobId, state, state.SerializeData());

    private void AddJobState(string jobId, IState state, Dictionary<string, string> data)
    {
        var entry = new List<KeyValuePair<string, string?>>(data.Count + 3);
        foreach (var (name, value) in data) entry.Add(new(name, value));
        entry.Add(new("State", state.Name));
        entry.Add(new("Reason", state.Reason));
        entry.Add(new("CreatedAt", JobHelper.SerializeDateTime(DateTime.UtcNow)));
        _ = sent.ListRightPushAsync(keys.JobHistory(jobId), HangfireJson.Dictionary(entry));
    }
}
