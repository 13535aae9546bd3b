using Microsoft.Extensions.DependencyInjection;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Handlers;

/// <summary>Maps each task type to a call into its registered handler.</summary>
internal sealed class TaskHandlerRegistry
{
    private readonly Dictionary<Type, Func<IServiceProvider, TaskDefinition, TaskExecutionContext, CancellationToken, Task<string?>>> _handlers = [];

    public void Add<TTask, THandler>() where TTask : TaskDefinition where THandler : ITaskHandler<TTask> =>
        _handlers[typeof(TTask)] = (services, task, context, ct) =>
            services.GetRequiredService<THandler>().HandleAsync((TTask)task, context, ct);

    /// <summary>The type names this worker handles, sorted; advertised to schedulers.</summary>
    public IReadOnlyList<string> TypeNames => [.. _handlers.Keys.Select(TaskTypes.NameOf).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Starts the handler on the thread pool: one that blocks before its first await (a Thread.Sleep, synchronous I/O,
    /// a slow constructor) would otherwise hold the caller's thread, and the caller's hard timeout, which starts only once
    /// the handler has returned its task, would never fire.
    /// </summary>
    public Task<string?> HandleAsync(IServiceProvider services, TaskDefinition task, TaskExecutionContext context, CancellationToken ct) =>
        _handlers.TryGetValue(task.GetType(), out var handle)
            ? Task.Run(() => handle(services, task, context, ct), CancellationToken.None)
            : throw new NonRetryableTaskException(
                $"no handler for task type \"{task.TypeName}\" on this worker; handled types: {string.Join(", ", _handlers.Keys.Select(TaskTypes.NameOf).Order())}");
}
