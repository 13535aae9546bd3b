using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Worker.Hosting;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// A user's server filter that reads a job parameter before the job runs, as Hangfire's culture filter once did on every
/// occurrence job: a test makes the read fail (an unreadable value in <see cref="Parameter"/>) to fail a job inside
/// Hangfire's pipeline, before any of our code runs. Given to one worker only, never added to the process-wide filters.
/// </summary>
internal sealed class FaultyParameterFilter : IServerFilter
{
    public const string Parameter = "TestFaultyParameter";

    public void OnPerforming(PerformingContext context) => context.GetJobParameter<string>(Parameter, allowStale: false);

    public void OnPerformed(PerformedContext context) { }

    /// <summary>Gives the worker Hangfire's filters plus this one.</summary>
    public static void AddTo(SchedulerWorkerBuilder worker) =>
        worker.Services.AddSingleton<IJobFilterProvider>(new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection { new FaultyParameterFilter() }));
}
