using Hangfire.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Fires a round's claimed due occurrences: plans each on its own, creates the jobs of those that fire in one
/// Hangfire transaction per <see cref="BeatOptions.FireBatchSize"/>, and only once that is committed writes their fires,
/// pipelined. One occurrence that cannot be read, planned or committed does not hold up the others.
/// </summary>
internal sealed partial class DueRoundFirer(
    ScheduleStore store,
    OccurrenceFirer firer,
    HangfireJobBatch batch,
    IOptions<BeatOptions> options,
    ILogger<DueRoundFirer> logger)
{
    /// <param name="read">The ids' records as their claim read them, if it did; otherwise they are read here.</param>
    /// <param name="scoresBefore">The ids' due-index scores before their claim (Unix ms), if known (see OccurrenceFirer.PrepareAsync).</param>
    public async Task FireAsync(IReadOnlyList<string> ids, ParallelOptions parallel, IReadOnlyList<HashEntry[]>? read = null,
        IReadOnlyList<long>? scoresBefore = null)
    {
        var records = read ?? await store.ReadRecordsAsync(ids);
        if (!batch.Supported)
        {
            await Parallel.ForAsync(0, ids.Count, parallel, async (i, _) => await SafelyAsync(ids[i], () => firer.FireAsync(ids[i], records[i], scoresBefore?[i])));
            return;
        }
        // Planning is CPU work that rarely waits: a batch's occurrences are started in one loop on this thread and
        // awaited together, not spread over thread-pool items whose wake-ups cost more than it does. Each batch goes to
        // Hangfire as soon as it is planned, while the next is planned: a burst's first jobs reach the queue after one
        // batch's planning, not the whole round's.
        var size = options.Value.FireBatchSize;
        using var slots = new SemaphoreSlim(parallel.MaxDegreeOfParallelism);
        var firing = new List<Task>();
        try
        {
            for (var start = 0; start < ids.Count; start += size)
            {
                var prepared = new PreparedFire?[Math.Min(size, ids.Count - start)];
                var preparing = new Task[prepared.Length];
                for (var j = 0; j < prepared.Length; j++)
                {
                    var (at, id, record, scoreBefore) = (j, ids[start + j], records[start + j], scoresBefore?[start + j]);
                    preparing[at] = SafelyAsync(id, async () => prepared[at] = await firer.PrepareAsync(id, record, scoreBefore));
                }
                await Task.WhenAll(preparing);
                var chunk = prepared.OfType<PreparedFire>().ToArray();
                if (chunk.Length == 0) continue;
                await slots.WaitAsync(parallel.CancellationToken);
                // Creating the jobs is a blocking storage transaction: off this thread, so planning goes on meanwhile.
                firing.Add(Task.Run(async () =>
                {
                    try { await FireChunkAsync(chunk, parallel); }
                    finally { slots.Release(); }
                }));
            }
        }
        finally
        {
            await Task.WhenAll(firing);
        }
    }

    private async Task FireChunkAsync(PreparedFire[] chunk, ParallelOptions parallel)
    {
        BatchedJob[] jobs;
        try
        {
            jobs = batch.Create([.. chunk.Select(f => (f.Job.Job, (IState)new EnqueuedState(f.Job.Queue)))]);
        }
        catch (JobBatchAbandonedException e)
        {
            // Nothing of the batch was written: each occurrence goes through Hangfire's client on its own, so the
            // failing filter fails (or its exception filters handle) only its own job.
            LogBatchAbandoned(chunk.Length, e.Message);
            await Parallel.ForEachAsync(chunk, parallel, async (fire, _) => await SafelyAsync(fire.Id, () => firer.EnqueueAndCommitAsync(fire)));
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The commit failed (Redis unavailable?): the claims lapse and the round is fired again, by this beat or
            // another. A commit that did get through leaves jobs whose run ids the worker runs once.
            foreach (var fire in chunk)
            {
                fire.Job.Dispose();
                LogFireFailed(fire.Id, e.Message);
            }
            return;
        }
        // A job a client filter threw on goes through Hangfire's client on its own; the others' fires are one commit.
        var alone = chunk.Where((_, i) => jobs[i].Threw is not null).Select(fire => SafelyAsync(fire.Id, () => firer.EnqueueAndCommitAsync(fire)));
        await Task.WhenAll(alone.Append(CommitAsync([.. chunk.Select((fire, i) => (fire, jobs[i].JobId)).Where((_, i) => jobs[i].Threw is null)])));
    }

    private async Task CommitAsync(IReadOnlyList<(PreparedFire Fire, string? JobId)> fires)
    {
        if (fires.Count == 0) return;
        try
        {
            var errors = await firer.CommitEnqueuedAsync(fires);
            for (var i = 0; i < fires.Count; i++)
                if (errors[i] is { } error) LogFireFailed(fires[i].Fire.Id, error);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The claims lapse and these occurrences are fired again (by this or another beat); their jobs' run ids run once.
            foreach (var (fire, _) in fires) LogFireFailed(fire.Id, Describe(e));
        }
    }

    private static string Describe(Exception e) => e.InnerException is { } inner ? $"{e.Message} {inner.GetType().Name}: {inner.Message}" : e.Message;

    /// <summary>Runs one fire; a failure is logged and left to the claim's lease (this or another beat retries it).</summary>
    internal async Task SafelyAsync(string id, Func<Task> fire)
    {
        try
        {
            await fire();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The claim lease runs out and the occurrence is retried (by this or another beat).
            LogFireFailed(id, Describe(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating {Count} occurrences' jobs in one transaction failed, creating each on its own: {Reason}")]
    private partial void LogBatchAbandoned(int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing task {TaskId} failed; it will be retried when its claim lapses: {Reason}")]
    private partial void LogFireFailed(string taskId, string reason);
}
