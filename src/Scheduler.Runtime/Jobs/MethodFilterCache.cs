using System.Collections.Concurrent;
using System.Reflection;
using Hangfire;
using Hangfire.Common;

namespace Scheduler.Runtime.Jobs;

/// <summary>
/// The job filters <paramref name="source"/> gives, kept per job method. <paramref name="source"/> must give, for a job,
/// what <paramref name="defaults"/> gives changed only by the job's type and method (Beat's: the defaults themselves; a
/// worker's: them less some of Hangfire's own, plus its own fixed filters). While <paramref name="defaults"/> holds
/// Hangfire's two default providers (the global filters and the filter attributes of the job's type and method), that
/// depends on nothing else, and every occurrence's job has the same method. Hangfire gathers, sorts and de-duplicates
/// the filters for every job (twice per job created, twice per run), a tenth of what a fire allocated.
/// </summary>
/// <remarks>
/// A change to the global filters (a filter added or removed) is seen at the next job: each kept list remembers the
/// global filters it was made from and is made again when they differ. Any other provider among the defaults, which
/// might look at a job's arguments, turns the keeping off.
/// </remarks>
internal sealed class MethodFilterCache(IJobFilterProvider source, IJobFilterProvider defaults) : IJobFilterProvider
{
    private readonly ConcurrentDictionary<(Type, MethodInfo), Kept> _kept = new();

    /// <summary>Hangfire's default providers, kept per job method.</summary>
    public MethodFilterCache(IJobFilterProvider defaults) : this(defaults, defaults) { }

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        if (job is null || Globals(job) is not { } globals) return source.GetFilters(job!);
        var key = (job.Type, job.Method);
        if (_kept.TryGetValue(key, out var kept) && kept.MadeFrom(globals)) return kept.Filters;
        var made = new Kept([.. globals], [.. source.GetFilters(job)]);
        _kept[key] = made;
        return made.Filters;
    }

    // The global filters' own list (Hangfire's collection hands it out as its filters), when the defaults are Hangfire's.
    private IReadOnlyList<JobFilter>? Globals(Job job) =>
        defaults is JobFilterProviderCollection { Count: 2 } providers && ReferenceEquals(providers[0], GlobalJobFilters.Filters)
        && providers[1].GetType() == typeof(JobFilterAttributeFilterProvider)
            ? ((IJobFilterProvider)GlobalJobFilters.Filters).GetFilters(job) as IReadOnlyList<JobFilter>
            : null;

    private sealed record Kept(JobFilter[] Globals, JobFilter[] Filters)
    {
        public bool MadeFrom(IReadOnlyList<JobFilter> globals)
        {
            if (globals.Count != Globals.Length) return false;
            for (var i = 0; i < Globals.Length; i++)
                if (!ReferenceEquals(globals[i], Globals[i])) return false;
            return true;
        }
    }
}
