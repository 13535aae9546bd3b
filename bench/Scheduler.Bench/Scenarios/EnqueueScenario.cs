using System.Diagnostics;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Bench.Scenarios;

/// <summary>Scenario 1: no-op notification tasks scheduled through the contracts client, one caller and many.</summary>
internal static class EnqueueScenario
{
    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        for (var run = 0; run < o.Runs; run++)
        {
            await using var redis = await LocalRedis.StartAsync(ctx.Processes);
            await using var client = await SchedulerClient.ConnectAsync(redis.ConnectionString, new SchedulerClientOptions { KeyPrefix = SchedulerCluster.KeyPrefix, VerifyWorkers = false });
            var task = new NotificationTask("bench");
            // Warm-up: JIT, the connection, the scripts' first load.
            for (var i = 0; i < 200; i++) await client.ScheduleAsync(task, "in:1h");

            var before = await redis.CommandCallsAsync();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < o.Tasks; i++) await client.ScheduleAsync(task, "in:1h", cancellationToken: ctx.Cancellation);
            var single = o.Tasks / watch.Elapsed.TotalSeconds;
            var commands = LocalRedis.Delta(before, await redis.CommandCallsAsync());

            watch.Restart();
            await Load.RunAsync(o.Tasks, o.Callers, _ => client.ScheduleAsync(task, "in:1h"), ctx.Cancellation);
            var concurrent = o.Tasks / watch.Elapsed.TotalSeconds;

            // The optional batch API: the same tasks in pipelined batches of SchedulerClient.MaxBatchSize from one caller.
            var items = Enumerable.Range(0, o.Tasks).Select(_ => ((TaskDefinition)task, "in:1h", (ScheduleOptions?)null)).ToList();
            var beforeBatch = await redis.CommandCallsAsync();
            watch.Restart();
            await client.ScheduleManyAsync(items, ctx.Cancellation);
            var batched = o.Tasks / watch.Elapsed.TotalSeconds;
            var batchCommands = LocalRedis.Delta(beforeBatch, await redis.CommandCallsAsync());
            // Every way of scheduling must have stored every task (warm-up + three rounds) in the creation index.
            var stored = await redis.Db.SortedSetLengthAsync(SchedulerCluster.KeyPrefix + "tasks");
            if (stored != 200 + 3L * o.Tasks) throw new InvalidOperationException($"{stored} tasks stored, expected {200 + 3L * o.Tasks}");

            result.Sample("single_tasks_per_s", single, "tasks/s");
            result.Sample("batch_api_tasks_per_s", batched, "tasks/s");
            result.Sample("redis_cmds_per_batched_enqueue", batchCommands.Values.Sum() / (double)o.Tasks, "cmds");
            result.Sample($"concurrent_{o.Callers}_tasks_per_s", concurrent, "tasks/s");
            result.Sample("redis_cmds_per_enqueue", commands.Values.Sum() / (double)o.Tasks, "cmds");
            ctx.Log($"enqueue run {run + 1}: {single:0} tasks/s single, {concurrent:0} tasks/s with {o.Callers} callers, {batched:0} tasks/s batched");
            if (run == 0)
                result.Notes.Add("commands per enqueue: " + string.Join(", ", commands.OrderByDescending(c => c.Value)
                    .Select(c => $"{c.Key} {c.Value / (double)o.Tasks:0.##}")));
        }
    }
}
