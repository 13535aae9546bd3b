using System.Diagnostics.Metrics;
using Hangfire;
using Scheduler.Contracts.Telemetry;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Hosting;

/// <summary>System-wide gauges read at scrape time: pending schedules, active workers, queued jobs.</summary>
internal sealed class DashboardMetrics : IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(20);
    private readonly Meter _meter = new(TelemetryNames.Dashboard);

    public DashboardMetrics(OperatorReads reads, JobStorage storage, TimeProvider time)
    {
        _meter.CreateObservableGauge(TelemetryNames.PendingSchedules, () => Read(reads.PendingSchedules),
            "{schedule}", "Schedules waiting for their next occurrence");
        _meter.CreateObservableGauge(TelemetryNames.ActiveWorkers, () => Read(() => reads.FreshWorkers(time.GetUtcNow() - Fresh)),
            "{process}", "Worker processes with a fresh heartbeat");
        _meter.CreateObservableGauge(TelemetryNames.QueueLength, () =>
        {
            var monitoring = storage.GetMonitoringApi();
            return Read(() => monitoring.Queues().Sum(q => monitoring.EnqueuedCount(q.Name)));
        }, "{job}", "Jobs waiting in Hangfire's queues");
    }

    // A scrape while Redis is down reports nothing rather than failing the whole scrape.
    private static IEnumerable<Measurement<long>> Read(Func<long> read)
    {
        long value;
        try { value = read(); }
        catch (Exception e) when (e is RedisException or TimeoutException) { yield break; }
        yield return new Measurement<long>(value);
    }

    public void Dispose() => _meter.Dispose();
}
