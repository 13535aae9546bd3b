using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Scheduler.Runtime.Jobs;

/// <summary>Lets Hangfire create job objects from the host's container, one scope per job.</summary>
public sealed class ServiceProviderJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override object ActivateJob(Type jobType)
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService(jobType);
    }

    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => scope.ServiceProvider.GetRequiredService(type);
        public override void DisposeScope() => scope.Dispose();
    }
}
