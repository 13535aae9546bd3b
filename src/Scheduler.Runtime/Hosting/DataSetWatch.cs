using System.Globalization;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Hosting;

/// <summary>
/// Tells a Redis that lost its data from one that was only away. Every heartbeat reads the data set's identity
/// (<see cref="RedisKeys.DataSet"/>): the first process writes it; one that finds the identity it knew gone or replaced
/// logs the loss as an error and flags it for an hour (<see cref="RedisKeys.DataSetLost"/>), which health checks report.
/// Without this an emptied Redis looked healthy: empty lists, and processes carrying on as if nothing had happened.
/// </summary>
internal sealed partial class DataSetWatch(IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, TimeProvider time, ILogger<DataSetWatch> logger)
    : IHeartbeatPayload
{
    // KEYS: data set identity, loss flag. ARGV: the identity this process knew ('' at its start), a new identity, now
    // ms, the flag's life (s), this process. Answers {'same' or 'new' or 'lost', the identity now}.
    private const string Check = """
        local current = redis.call('GET', KEYS[1])
        if current and (ARGV[1] == '' or current == ARGV[1]) then return {'same', current} end
        if not current then redis.call('SET', KEYS[1], ARGV[2]); current = ARGV[2] end
        if ARGV[1] == '' then return {'new', current} end
        local created = string.match(ARGV[1], '|(%d+)$') or ''
        redis.call('SET', KEYS[2], ARGV[3] .. '|' .. ARGV[5] .. '|' .. created, 'EX', tonumber(ARGV[4]), 'NX')
        return {'lost', current}
        """;

    private string? _known;

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var answer = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Check, [keys.DataSet, keys.DataSetLost],
            [_known ?? "", $"{Guid.NewGuid():N}|{now}", now, (long)DataSetLoss.ReportedFor.TotalSeconds, identity.Id]))!;
        if ((string?)answer[0] == "lost")
        {
            var loss = DataSetLoss.Parse((string?)await redis.GetDatabase().StringGetAsync(keys.DataSetLost))
                ?? new DataSetLoss(time.GetUtcNow(), identity.Id, null);
            LogDataSetLost(loss.Describe());
        }
        _known = (string?)answer[1];
    }

    public Task RemoveAsync() => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loss}")]
    private partial void LogDataSetLost(string loss);
}
