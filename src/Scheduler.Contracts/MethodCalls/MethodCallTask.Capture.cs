using System.Linq.Expressions;

namespace Scheduler.Contracts.MethodCalls;

public sealed partial record MethodCallTask
{
    /// <summary>Captures <paramref name="call"/> (<c>s =&gt; s.SendAsync(42)</c>): the service type, the method and the arguments' current values.</summary>
    /// <exception cref="Client.InvalidTaskException">The lambda is not one method call on its parameter, an argument cannot be stored as JSON, or a type or method is not public.</exception>
    public static MethodCallTask Capture<TService>(Expression<Func<TService, Task>> call) => MethodCallCapture.Capture(call, typeof(TService));

    /// <summary>Captures a call of a method returning a value (<c>s =&gt; s.CountAsync(7)</c>); the value becomes the run's result.</summary>
    /// <exception cref="Client.InvalidTaskException">As for <see cref="Capture{TService}(Expression{Func{TService, Task}})"/>.</exception>
    public static MethodCallTask Capture<TService, TResult>(Expression<Func<TService, Task<TResult>>> call) => MethodCallCapture.Capture(call, typeof(TService));

    /// <summary>Captures a call of a synchronous method (<c>s =&gt; s.Send(42)</c>).</summary>
    /// <exception cref="Client.InvalidTaskException">As for <see cref="Capture{TService}(Expression{Func{TService, Task}})"/>.</exception>
    public static MethodCallTask Capture<TService>(Expression<Action<TService>> call) => MethodCallCapture.Capture(call, typeof(TService));

    /// <summary>Captures a call of a static method (<c>() =&gt; Reports.SendAsync(42)</c>).</summary>
    /// <exception cref="Client.InvalidTaskException">As for <see cref="Capture{TService}(Expression{Func{TService, Task}})"/>; also when the method is not static.</exception>
    public static MethodCallTask Capture(Expression<Func<Task>> call) => MethodCallCapture.Capture(call, null);

    /// <summary>Captures a call of a static method returning a value; the value becomes the run's result.</summary>
    /// <exception cref="Client.InvalidTaskException">As for <see cref="Capture(Expression{Func{Task}})"/>.</exception>
    public static MethodCallTask Capture<TResult>(Expression<Func<Task<TResult>>> call) => MethodCallCapture.Capture(call, null);

    /// <summary>Captures a call of a synchronous static method (<c>() =&gt; Reports.Send(42)</c>).</summary>
    /// <exception cref="Client.InvalidTaskException">As for <see cref="Capture(Expression{Func{Task}})"/>.</exception>
    public static MethodCallTask Capture(Expression<Action> call) => MethodCallCapture.Capture(call, null);
}
