using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Beat.Firing;
using Scheduler.Beat.Recovery;
using Scheduler.Contracts.Telemetry;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Redis;

namespace Scheduler.Beat.Hosting;

public static class BeatServiceCollectionExtensions
{
    /// <summary>Adds Beat: the firing loop over Scheduler's due index and Hangfire's own schedulers.</summary>
    public static IServiceCollection AddSchedulerBeat(this IServiceCollection services, IConfiguration configuration)
    {
        // Beat's writes (the firing) are not waited for by design: a worker's acknowledged claim covers them (README).
        services.AddSchedulerRedis(configuration, waitsForReplicas: false);
        services.AddSchedulerProcess("beat");
        services.AddSchedulerTelemetry(configuration, TelemetryNames.Beat);
        services.AddOptions<BeatOptions>()
            .Bind(configuration.GetSection(BeatOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(BeatOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        // The audit log's bounds for the pauses Beat lifts; the same section the dashboard reads.
        services.TryAddSingleton(_ => configuration.GetSection("Scheduler:Audit").Get<Contracts.Audit.AuditRetention>() ?? new());
        services.TryAddSingleton<OccurrenceFirer>();
        services.TryAddSingleton<HangfireJobBatch>();
        services.TryAddSingleton<DueRoundFirer>();
        services.TryAddSingleton<QueueJump>();
        services.TryAddSingleton<Triggers.TriggerFirer>();
        services.TryAddSingleton<Requests.RunRequestFirer>();
        services.TryAddSingleton<StrandedFetchSweeper>();
        services.TryAddSingleton<RunRequeuer>();
        services.TryAddSingleton<FiredRunReconciler>();
        services.TryAddSingleton<RunReconciler>();
        services.AddHostedService<FiringLoop>();
        services.AddHostedService<HangfireSchedulers>();
        services.AddHostedService<OrphanedRunWatchdog>();
        services.AddHostedService<Retention.FinishedTaskSweeper>();
        services.AddHostedService<Retention.FailedJobTrimmer>();
        return services;
    }
}
