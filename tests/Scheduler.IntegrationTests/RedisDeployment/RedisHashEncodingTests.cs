using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// A Redis that would keep task records as hash tables (its stock hash-max-listpack-value of 64 bytes) is found at start
/// and the operator told what to set; one set as the run script and the compose file set it is left alone.
/// </summary>
public sealed class RedisHashEncodingTests
{
    [Fact]
    public async Task The_probe_reads_hash_tables_from_a_stock_redis_and_listpacks_from_one_set_to_1024_and_leaves_no_key()
    {
        await using var stock = await PrivateRedis.StartAsync();
        await using var tuned = await PrivateRedis.StartAsync("--hash-max-listpack-value", HashEncodingAdvice.RecommendedValueBytes.ToString());
        await using var stockConnection = await ConnectionMultiplexer.ConnectAsync(stock.ConnectionString);
        await using var tunedConnection = await ConnectionMultiplexer.ConnectAsync(tuned.ConnectionString);

        var stockEncoding = await HashEncodingAdvice.ProbeAsync(stockConnection.GetDatabase(), "probe");
        var tunedEncoding = await HashEncodingAdvice.ProbeAsync(tunedConnection.GetDatabase(), "probe");

        Assert.Equal("hashtable", stockEncoding);
        Assert.Equal("listpack", tunedEncoding);
        Assert.False(await stockConnection.GetDatabase().KeyExistsAsync("probe"));
        Assert.False(await tunedConnection.GetDatabase().KeyExistsAsync("probe"));
    }

    [Fact]
    public async Task A_redis_that_refuses_object_gets_no_advice_and_keeps_no_probe_key()
    {
        await using var refusing = await PrivateRedis.StartAsync("--rename-command", "OBJECT", "");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(refusing.ConnectionString);

        Assert.Null(await HashEncodingAdvice.ProbeAsync(connection.GetDatabase(), "probe"));
        Assert.False(await connection.GetDatabase().KeyExistsAsync("probe"));
    }

    [Fact]
    public async Task Beat_on_a_stock_redis_logs_the_setting_to_change_and_on_a_tuned_one_does_not()
    {
        await using var stock = await PrivateRedis.StartAsync();
        await using var tuned = await PrivateRedis.StartAsync("--hash-max-listpack-value", HashEncodingAdvice.RecommendedValueBytes.ToString());
        await using var onStock = ChildProcess.Start("Scheduler.Beat", [], new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = stock.ConnectionString });
        await using var onTuned = ChildProcess.Start("Scheduler.Beat", [], new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = tuned.ConnectionString });

        const string advice = "set hash-max-listpack-value 1024";
        await Eventually.WaitAsync(() => Task.FromResult(onStock.Output.Contains(advice)), TaskRuns.Patience, $"the advice in Beat's output:\n{onStock.Output}");
        await Eventually.WaitAsync(() => Task.FromResult(onTuned.Output.Contains("Application started")), TaskRuns.Patience, $"Beat to start:\n{onTuned.Output}");
        Assert.DoesNotContain(advice, onTuned.Output);
        Assert.False(onStock.HasExited, onStock.Output);
    }
}
