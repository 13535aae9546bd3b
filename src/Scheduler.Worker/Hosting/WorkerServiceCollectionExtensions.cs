using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Telemetry;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Redis;
using Scheduler.Worker.Capabilities;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>Adds a worker: Hangfire workers that execute task occurrences with the built-in handlers.</summary>
    public static SchedulerWorkerBuilder AddSchedulerWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSchedulerRedis(configuration);
        services.AddSchedulerProcess("worker");
        services.AddSchedulerTelemetry(configuration, TelemetryNames.Worker);
        var workerSection = configuration.GetSection(WorkerOptions.Section);
        services.AddOptions<WorkerOptions>().Bind(workerSection).RefuseUnknownSettings(workerSection)
            // A queue no task can name would be waited on for ever.
            .Validate(o => o.Queues.All(Contracts.Client.ScheduleOptionsValidator.IsQueueName),
                "Scheduler:Worker:Queues holds a name a task cannot give (empty, upper case or spaces); expected 1 to 50 lower-case letters, digits, '_' or '-' each")
            // The binder appends configured array items to the default ["default"], so "Queues:0=reports" would also take
            // "default" and the app's worker would run the stock workers' jobs: a configured list replaces the default.
            .Configure(o => { if (workerSection.GetSection(nameof(WorkerOptions.Queues)).Get<string[]>() is { Length: > 0 } queues) o.Queues = queues; })
            .ValidateDataAnnotations().ValidateOnStart();
        // The host's stop must outlast the worker's own: Hangfire's threads get ShutdownTimeout, then finishing runs are
        // drained and deferred completions applied. A host timeout shorter than that (its default is 30 s) would cut
        // the sequence short, leaving runs unannounced and finished bodies' outcomes unwritten.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            TimeSpan needed;
            try { needed = worker.Value.ShutdownTimeout + HangfireWorkerServer.AfterThreadsStop; }
            catch (OptionsValidationException) { return; } // reported by ValidateOnStart, naming the setting
            if (host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });
        services.AddOptions<ExecutionOptions>().Bind(configuration.GetSection(ExecutionOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(ExecutionOptions.Section)).ValidateDataAnnotations()
            .ValidateProblem(o => o.HardTimeout >= o.SoftTimeout ? null
                : $"{ExecutionOptions.Section}:HardTimeout ({o.HardTimeout:c}) must not be shorter than SoftTimeout ({o.SoftTimeout:c})")
            .ValidateProblem<ExecutionOptions, HoldingBeaconSettings>((o, fleet) => o.FenceAfter == TimeSpan.Zero || fleet.LeftAfterFence(o.FenceAfter) > TimeSpan.Zero ? null
                : $"{ExecutionOptions.Section}:FenceAfter ({o.FenceAfter:c}) must end at least {HoldingBeaconSettings.FenceMargin.TotalSeconds:0} s before "
                + $"{HoldingBeaconSettings.WorkerDeadAfterKey} ({fleet.WorkerDeadAfter:c}; give this worker the fleet's value): Beat starts a silent worker's runs "
                + $"elsewhere after that, and the fence must have stopped them here first; expected FenceAfter under {fleet.WorkerDeadAfter - HoldingBeaconSettings.FenceMargin:c}")
            .ValidateOnStart();
        var registry = new TaskHandlerRegistry();
        services.AddSingleton(registry);
        services.TryAddSingleton<JobActivator, ServiceProviderJobActivator>();
        services.TryAddScoped<ITaskOccurrenceRunner, TaskOccurrenceRunner>();
        services.TryAddSingleton<Hangfire.IBackgroundJobClient>(sp => new Hangfire.BackgroundJobClient(sp.GetRequiredService<Hangfire.JobStorage>()));
        services.TryAddSingleton<Flow.FlowGate>();
        services.TryAddSingleton<AttemptPipelines>();
        services.TryAddSingleton<TaskExecutor>();
        services.TryAddSingleton<DeletedJobCheck>();
        services.TryAddSingleton<FailedJobRequeue>();
        services.TryAddSingleton<RunningAttempts>();
        services.TryAddSingleton<HeldRuns>();
        services.TryAddSingleton(HoldingBeaconSettings.From(configuration.GetValue<TimeSpan?>(HoldingBeaconSettings.WorkerDeadAfterKey)));
        services.TryAddSingleton<Bookkeeping>();
        services.TryAddSingleton<OutcomeReplay>();
        services.AddHostedService<TaskCancellationListener>();
        services.AddHostedService<Flow.FlowChangeListener>();
        // Before the Hangfire server: hosted services stop in reverse order, so runs finishing during shutdown stay advertised.
        services.AddHostedService<HoldingBeacon>();
        services.TryAddSingleton<SelfFence>();
        services.AddHostedService(sp => sp.GetRequiredService<SelfFence>());
        services.AddHostedService<HangfireWorkerServer>();
        return new SchedulerWorkerBuilder(services, registry)
            .AddBuiltInTaskKinds(configuration)
            .AddCapabilities();
    }
}
