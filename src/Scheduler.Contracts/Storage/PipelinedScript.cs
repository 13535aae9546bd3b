using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// A Lua script run many times in one pipelined <see cref="IBatch"/>. StackExchange.Redis sends a script it has loaded
/// once by its SHA and, when Redis answers NOSCRIPT (its cache emptied by SCRIPT FLUSH, a restart or a failover the
/// client did not see), sends it again with its body through the same batch: one that has gone already, so that call
/// never answers. Here the batch goes by SHA only once Redis is known to hold the script, and with the body otherwise
/// (<see cref="CommandFlags.NoScriptCache"/>: EVAL, which also caches it); the calls a NOSCRIPT turned away (none of them
/// ran) go again in a second batch with the body.
/// </summary>
internal sealed class PipelinedScript(string body)
{
    private readonly byte[] _sha = SHA1.HashData(Encoding.UTF8.GetBytes(body));
    // Per store, i.e. per connection: another Redis (another test's, or a failover's new primary) is found out by one NOSCRIPT.
    private volatile bool _cached;

    /// <summary>Runs the script once per call, in order, in one pipelined round trip (two after a NOSCRIPT); the answers in the calls' order.</summary>
    public async Task<RedisResult[]> EvaluateAllAsync(IDatabase db, IReadOnlyList<(RedisKey[] Keys, RedisValue[] Args)> calls)
    {
        var answers = new RedisResult[calls.Count];
        var all = Enumerable.Range(0, calls.Count).ToList();
        var turnedAway = await SendAsync(db, calls, all, answers, bySha: _cached);
        if (turnedAway.Count > 0) await SendAsync(db, calls, turnedAway, answers, bySha: false);
        _cached = true;
        return answers;
    }

    private async Task<List<int>> SendAsync(IDatabase db, IReadOnlyList<(RedisKey[] Keys, RedisValue[] Args)> calls, List<int> which,
        RedisResult[] answers, bool bySha)
    {
        var batch = db.CreateBatch();
        var sent = which.Select(i => bySha
            ? batch.ScriptEvaluateAsync(_sha, calls[i].Keys, calls[i].Args)
            : batch.ScriptEvaluateAsync(body, calls[i].Keys, calls[i].Args, CommandFlags.NoScriptCache)).ToArray();
        batch.Execute();
        var turnedAway = new List<int>();
        for (var k = 0; k < sent.Length; k++)
        {
            try { answers[which[k]] = await sent[k]; }
            catch (RedisServerException e) when (bySha && e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal)) { turnedAway.Add(which[k]); }
        }
        return turnedAway;
    }
}
