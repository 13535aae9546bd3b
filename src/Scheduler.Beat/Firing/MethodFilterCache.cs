using System.Collections.Concurrent;
using System.Reflection;
using Hangfire;
using Hangfire.Common;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Hangfire's job filters for a job, kept per job method: with Hangfire's two default providers (the global filters and
/// the filter attributes of the job's type and method) the filters depend on nothing else, and every occurrence's job
/// has the same method. Hangfire gathers, sorts and de-duplicates them for every job, twice per job created (the
/// client's filters, then the state machine's), which was a tenth of what Beat allocated per fire.
/// </summary>
/// <remarks>
/// A change to the global filters (a filter added or removed) is seen at the next job: each kept list remembers the
/// global filters it was made from and is made again when they differ. Any other provider, which might look at a job's
/// arguments, turns the keeping off.
/// </remarks>
internal sealed class MethodFilterCache(JobFilterProviderCollection providers) : IJobFilterProvider
{
    private readonly ConcurrentDictionary<(Type, MethodInfo), Kept> _kept = new();

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        if (job is null || Globals(job) is not { } globals) return providers.GetFilters(job);
        var key = (job.Type, job.Method);
        if (_kept.TryGetValue(key, out var kept) && kept.MadeFrom(globals)) return kept.Filters;
        var made = new Kept([.. globals], [.. providers.GetFilters(job)]);
        _kept[key] = made;
        return made.Filters;
    }

    // The global filters' own list (Hangfire's collection hands it out as its filters), when the providers are the defaults.
    private IReadOnlyList<JobFilter>? Globals(Job job) =>
        providers.Count == 2 && ReferenceEquals(providers[0], GlobalJobFilters.Filters) && providers[1].GetType() == typeof(JobFilterAttributeFilterProvider)
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
