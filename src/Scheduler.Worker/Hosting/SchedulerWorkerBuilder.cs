using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Hosting;

/// <summary>Adds task handlers to a worker.</summary>
public sealed class SchedulerWorkerBuilder
{
    private readonly TaskHandlerRegistry _registry;

    internal SchedulerWorkerBuilder(IServiceCollection services, TaskHandlerRegistry registry) => (Services, _registry) = (services, registry);

    public IServiceCollection Services { get; }

    /// <summary>Runs tasks of type <typeparamref name="TTask"/> with <typeparamref name="THandler"/> (resolved per attempt).</summary>
    public SchedulerWorkerBuilder AddTaskHandler<TTask, THandler>()
        where TTask : TaskDefinition where THandler : class, ITaskHandler<TTask>
    {
        TaskTypes.Register<TTask>();
        Services.TryAddScoped<THandler>();
        _registry.Add<TTask, THandler>();
        return this;
    }
}
