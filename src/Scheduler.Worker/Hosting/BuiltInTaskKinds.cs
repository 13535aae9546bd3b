using Microsoft.Extensions.Configuration;
using Scheduler.Worker.Housekeeping;
using Scheduler.Worker.Mcp;
using Scheduler.Worker.MethodCalls;
using Scheduler.Worker.Notifications;
using Scheduler.Worker.Plugins;
using Scheduler.Worker.Sequences;
using Scheduler.Worker.Shell;

namespace Scheduler.Worker.Hosting;

/// <summary>The task kinds every worker runs; each kind's folder registers its own handler, services and options.</summary>
internal static class BuiltInTaskKinds
{
    public static SchedulerWorkerBuilder AddBuiltInTaskKinds(this SchedulerWorkerBuilder builder, IConfiguration configuration) =>
        builder
            .AddNotifications(configuration)
            .AddShell(configuration)
            .AddMcp(configuration)
            .AddPlugins(configuration)
            .AddSequences()
            .AddHousekeeping(configuration)
            .AddMethodCalls(configuration);
}
