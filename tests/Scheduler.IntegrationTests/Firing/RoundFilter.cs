using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A user's Hangfire filter, registered globally as an application would: it acts only on the jobs of tasks whose id
/// starts with its prefix (other tests share the process). It adds a parameter, records what it is told, writes a
/// hash of its own in the state's transaction, and cancels or throws for the task ids it is given.
/// </summary>
internal sealed class RoundFilter(string prefix) : IClientFilter, IApplyStateFilter, IDisposable
{
    public const string Parameter = "round-filter";

    public ConcurrentDictionary<string, string> Created { get; } = new();
    public ConcurrentDictionary<string, string> Applied { get; } = new();
    public ConcurrentBag<string> CancelledSeen { get; } = [];
    public HashSet<string> Cancel { get; init; } = [];
    public HashSet<string> ThrowOnCreating { get; init; } = [];
    public HashSet<string> ThrowOnApplied { get; init; } = [];

    public RoundFilter Register()
    {
        GlobalJobFilters.Filters.Add(this);
        return this;
    }

    public void OnCreating(CreatingContext context)
    {
        if (TaskId(context.Job) is not { } id) return;
        if (ThrowOnCreating.Contains(id)) throw new InvalidOperationException($"filter refuses {id} in OnCreating");
        context.SetJobParameter(Parameter, id);
        if (Cancel.Contains(id)) context.Canceled = true;
    }

    public void OnCreated(CreatedContext context)
    {
        if (TaskId(context.Job) is not { } id) return;
        if (context.Canceled) CancelledSeen.Add(id);
        else if (context.BackgroundJob is { } job) Created[id] = job.Id;
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (TaskId(context.BackgroundJob.Job) is not { } id) return;
        if (ThrowOnApplied.Contains(id)) throw new InvalidOperationException($"filter refuses {id} in OnStateApplied");
        Applied[id] = $"{context.BackgroundJob.Id} {context.NewState.Name}";
        transaction.SetRangeInHash($"{prefix}:{context.BackgroundJob.Id}", [new("state", context.NewState.Name)]);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) { }

    public void Dispose() => GlobalJobFilters.Filters.Remove(this);

    private string? TaskId(Job? job) => job?.Args.Count > 0 && job.Args[0] is string id && id.StartsWith(prefix, StringComparison.Ordinal) ? id : null;
}
