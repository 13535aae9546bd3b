namespace Scheduler.UnitTests.MethodCalls;

/// <summary>Methods the capture and handler tests call; public, as the capture requires.</summary>
public class ReportJobs
{
    public List<string> Sent { get; } = [];

    public ReportJobs Inner => this;

    public int Id => 42;

    public Task PendingTask => Task.CompletedTask;

    public Task SendAsync(int customerId, string period)
    {
        Sent.Add($"{customerId}:{period}");
        return Task.CompletedTask;
    }

    public string Send(int customerId) => $"int {customerId}";

    public string Send(long customerId) => $"long {customerId}";

    public string Send(string customerId) => $"string {customerId}";

    public Task<int> CountAsync(int upTo) => Task.FromResult(upTo * 2);

    public string Label(IReadOnlyDictionary<string, int> counts, List<string[]> groups) =>
        $"{string.Join(",", counts.Select(c => $"{c.Key}={c.Value}"))}/{groups.Count}";

    public async ValueTask<ReportSummary> SummarizeAsync(ReportSummary summary)
    {
        await Task.Yield();
        return summary with { Pages = summary.Pages + 1 };
    }

    public bool TokenState(int delayMs, CancellationToken cancellationToken) => cancellationToken.IsCancellationRequested;

    public T Echo<T>(T value) => value;

    public void Fail(string message) => throw new InvalidOperationException(message);

    public void Call(Func<int> callback) => callback();

    public void Store(GetOnly value) => Sent.Add(value.Name);

    // async void on purpose: a worker must refuse it, not run it.
    public async void Notify(int customerId)
    {
        await Task.Yield();
        Sent.Add($"notified {customerId}");
    }

    public void Keep(object? value) => Sent.Add(value?.ToString() ?? "null");

    internal void Hidden() { }

    public static string Stamp(string text) => $"stamped {text}";

    public static ValueTask Nothing() => ValueTask.CompletedTask;
}

public sealed record ReportSummary(string Title, int Pages, IReadOnlyList<string> Tags);

/// <summary>Its JSON form cannot be read back: the name comes only from code.</summary>
public sealed class GetOnly
{
    private readonly string _name;

    public GetOnly() : this("default") { }

    public GetOnly(string name, bool _ = false) => _name = name;

    public string Name => _name;
}

/// <summary>A generic service: callable closed (OpenJobs&lt;int&gt;), never open.</summary>
public class OpenJobs<T>
{
    public string Run() => typeof(T).Name;
}

internal sealed class InternalJobs
{
    public Task RunAsync() => Task.CompletedTask;
}

public static class ReportJobsExtensions
{
    public static Task SendWeeklyAsync(this ReportJobs jobs, int customerId) => jobs.SendAsync(customerId, "weekly");
}
