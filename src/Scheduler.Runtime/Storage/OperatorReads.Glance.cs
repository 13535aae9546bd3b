using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>What the schedule list shows at a glance: each row's recent runs, and how many schedules are due soon or failing.</summary>
internal sealed partial class OperatorReads
{
    /// <summary>Records the failing count looks at per script call, so Redis is never held for long.</summary>
    private const int CountChunk = 5_000;

    // KEYS: tasks index. ARGV: task key prefix, start rank, chunk. Returns {next rank or -1, how many in the chunk have a
    // last outcome of "failed"}.
    private const string CountFailing = """
        local ids = redis.call('ZRANGE', KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[2]) + tonumber(ARGV[3]) - 1)
        local failing = 0
        for i = 1, #ids do
          local outcome = redis.call('HGET', ARGV[1] .. ids[i], 'lastOutcome')
          if outcome and string.lower(outcome) == 'failed' then failing = failing + 1 end
        end
        if #ids < tonumber(ARGV[3]) then return {-1, failing} end
        return {tonumber(ARGV[2]) + #ids, failing}
        """;

    /// <summary>The last <paramref name="count"/> attempts of each task, newest first, in one pipelined read.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TaskRun>>> RecentRunsAsync(IReadOnlyList<string> ids, int count)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var reads = ids.Select(id => batch.ListRangeAsync(keys.Runs(id), 0, count - 1)).ToArray();
        batch.Execute();
        var runs = new Dictionary<string, IReadOnlyList<TaskRun>>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
            runs[ids[i]] = [.. (await reads[i]).Select(item => JsonSerializer.Deserialize<TaskRun>(item.ToString(), TaskTypes.JsonOptions)!)];
        return runs;
    }

    /// <summary>Schedules whose next occurrence falls within <paramref name="within"/> of <paramref name="now"/> (or is overdue).</summary>
    public Task<long> DueWithinAsync(DateTimeOffset now, TimeSpan within) =>
        redis.GetDatabase().SortedSetLengthAsync(keys.Due, double.NegativeInfinity, (now + within).ToUnixTimeMilliseconds());

    /// <summary>Schedules whose last run failed, counted in Redis a chunk of records per call.</summary>
    public async Task<long> FailingAsync()
    {
        long failing = 0;
        for (long rank = 0; rank >= 0;)
        {
            var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(CountFailing, [keys.Tasks], [keys.Task(""), rank, CountChunk]))!;
            rank = (long)reply[0];
            failing += (long)reply[1];
        }
        return failing;
    }
}
