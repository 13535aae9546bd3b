using System.Linq.Expressions;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Schedules a call of <typeparamref name="TService"/>'s method on <paramref name="spec"/>, as
    /// <c>ScheduleAsync&lt;ReportService&gt;(s =&gt; s.SendReport(7, "weekly"), "every monday at 8am")</c>. The method and
    /// the arguments' values are captured now (arguments as JSON); a <see cref="CancellationToken"/> parameter receives
    /// the run's token. A worker resolves the service from its DI container; the call then runs like any task (retries,
    /// timeouts, history, events). Give your app's method calls a queue of their own (<see cref="ScheduleOptions.Queue"/>)
    /// and run your app's worker host on it, so a worker without the type never takes one.
    /// </summary>
    /// <exception cref="InvalidTaskException">The lambda is not one public method call on its parameter, an argument cannot be stored as JSON, or the options are not valid.</exception>
    /// <exception cref="Scheduling.ScheduleSpecException">The spec is not understood.</exception>
    public Task<ScheduledTask> ScheduleAsync<TService>(Expression<Func<TService, Task>> call, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        ScheduleCallAsync(MethodCallTask.Capture(call), spec, options, cancellationToken);

    /// <summary>Schedules a call of a method returning a value (<c>s =&gt; s.CountAsync(7)</c>); the value, as JSON, is each run's result.</summary>
    /// <exception cref="InvalidTaskException">As for <see cref="ScheduleAsync{TService}(Expression{Func{TService, Task}}, string, ScheduleOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="Scheduling.ScheduleSpecException">The spec is not understood.</exception>
    public Task<ScheduledTask> ScheduleAsync<TService, TResult>(Expression<Func<TService, Task<TResult>>> call, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        ScheduleCallAsync(MethodCallTask.Capture(call), spec, options, cancellationToken);

    /// <summary>Schedules a call of a synchronous method (<c>s =&gt; s.Send(42)</c>); a returned value is each run's result.</summary>
    /// <exception cref="InvalidTaskException">As for <see cref="ScheduleAsync{TService}(Expression{Func{TService, Task}}, string, ScheduleOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="Scheduling.ScheduleSpecException">The spec is not understood.</exception>
    public Task<ScheduledTask> ScheduleAsync<TService>(Expression<Action<TService>> call, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        ScheduleCallAsync(MethodCallTask.Capture(call), spec, options, cancellationToken);

    /// <summary>Schedules a call of a public static method (<c>() =&gt; Reports.SendAsync(7)</c>).</summary>
    /// <exception cref="InvalidTaskException">As for <see cref="ScheduleAsync{TService}(Expression{Func{TService, Task}}, string, ScheduleOptions?, CancellationToken)"/>; also when the method is not static.</exception>
    /// <exception cref="Scheduling.ScheduleSpecException">The spec is not understood.</exception>
    public Task<ScheduledTask> ScheduleAsync(Expression<Func<Task>> call, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        ScheduleCallAsync(MethodCallTask.Capture(call), spec, options, cancellationToken);

    /// <summary>Schedules a call of a static method returning a value; the value, as JSON, is each run's result.</summary>
    /// <exception cref="InvalidTaskException">As for <see cref="ScheduleAsync(Expression{Func{Task}}, string, ScheduleOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="Scheduling.ScheduleSpecException">The spec is not understood.</exception>
    public Task<ScheduledTask> ScheduleAsync<TResult>(Expression<Func<Task<TResult>>> call, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        ScheduleCallAsync(MethodCallTask.Capture(call), spec, options, cancellationToken);

    /// <summary>Schedules a call of a synchronous static method (<c>() =&gt; Reports.Send(7)</c>).</summary>
    /// <exception cref="InvalidTaskException">As for <see cref="ScheduleAsync(Expression{Func{Task}}, string, ScheduleOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="Scheduling.ScheduleSpecException">The spec is not understood.</exception>
    public Task<ScheduledTask> ScheduleAsync(Expression<Action> call, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        ScheduleCallAsync(MethodCallTask.Capture(call), spec, options, cancellationToken);

    // The same path as every task type; only the default name differs, so lists show the call rather than "method_call".
    private Task<ScheduledTask> ScheduleCallAsync(MethodCallTask task, string spec, ScheduleOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new ScheduleOptions();
        if (options.Name is null)
        {
            var name = $"{task.Describe()}: {spec.Trim()}";
            options = options with { Name = name.Length > 200 ? name[..199] + "…" : name };
        }
        return ScheduleAsync(task, spec, options, cancellationToken);
    }
}
