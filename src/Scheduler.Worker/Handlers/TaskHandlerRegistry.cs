using Microsoft.Extensions.DependencyInjection;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Handlers;

/// <summary>Maps each task type to a call into its registered handler.</summary>
internal sealed class TaskHandlerRegistry
{
    private readonly Dictionary<Type, Func<IServiceProvider, TaskDefinition, TaskExecutionContext, CancellationToken, Task<string?>>> _handlers = [];

    public void Add<TTask, THandler>() where TTask : TaskDefinition where THandler : ITaskHandler<TTask> =>
        _handlers[typeof(TTask)] = typeof(THandler).Assembly == typeof(TaskHandlerRegistry).Assembly
            // The worker's own handlers reach their first await without blocking (plugins and method calls are started
            // on the pool inside theirs): no thread hop on every task's path.
            ? (services, task, context, ct) => services.GetRequiredService<THandler>().HandleAsync((TTask)task, context, ct)
            : (services, task, context, ct) => Task.Run(() => services.GetRequiredService<THandler>().HandleAsync((TTask)task, context, ct), CancellationToken.None);

    /// <summary>The type names this worker handles, sorted; advertised to schedulers.</summary>
    public IReadOnlyList<string> TypeNames => [.. _handlers.Keys.Select(TaskTypes.NameOf).Order(StringComparer.Ordinal)];

    /// <summary>Whether a handler for <typeparamref name="TTask"/> is registered.</summary>
    public bool Handles<TTask>() where TTask : TaskDefinition => _handlers.ContainsKey(typeof(TTask));

    /// <summary>
    /// Calls the handler; one registered from outside the worker is started on the thread pool: if it blocked before its
    /// first await (a Thread.Sleep, synchronous I/O, a slow constructor) it would otherwise hold the caller's thread, and
    /// the caller's hard timeout, which starts only once the handler has returned its task, would never fire.
    /// </summary>
    public Task<string?> HandleAsync(IServiceProvider services, TaskDefinition task, TaskExecutionContext context, CancellationToken ct) =>
        _handlers.TryGetValue(task.GetType(), out var handle)
            ? handle(services, task, context, ct)
            : throw new NonRetryableTaskException(
                $"no handler for task type \"{task.TypeName}\" on this worker; handled types: {string.Join(", ", _handlers.Keys.Select(TaskTypes.NameOf).Order())}");
}
