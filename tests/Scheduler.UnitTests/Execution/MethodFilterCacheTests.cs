using Hangfire.Client;
using Hangfire;
using Hangfire.Common;
using Scheduler.Runtime.Jobs;
using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Execution;

/// <summary>Beat and workers keep Hangfire's filters per job method; they must stay what the providers give, changes included.</summary>
public sealed class MethodFilterCacheTests
{
    private static readonly System.Reflection.MethodInfo Run = typeof(ITaskOccurrenceRunner).GetMethod(nameof(ITaskOccurrenceRunner.RunAsync))!;

    private static Job Occurrence(string id) => new(typeof(ITaskOccurrenceRunner), Run, id, $"{id}:1", 1L, id, null, null, CancellationToken.None);

    [Fact]
    public void The_kept_filters_are_hangfires_in_its_order_and_a_global_filter_added_or_removed_is_seen_at_the_next_job()
    {
        var cache = new MethodFilterCache(JobFilterProviders.Providers);
        Assert.Equal(Instances(JobFilterProviders.Providers.GetFilters(Occurrence("a"))), Instances(cache.GetFilters(Occurrence("a"))));
        Assert.Same(cache.GetFilters(Occurrence("b")), cache.GetFilters(Occurrence("c")));

        var added = new NoOpClientFilter();
        GlobalJobFilters.Filters.Add(added, order: -1000);
        try
        {
            var filters = Instances(cache.GetFilters(Occurrence("d")));
            Assert.Contains(added, filters);
            Assert.Equal(Instances(JobFilterProviders.Providers.GetFilters(Occurrence("d"))), filters);
        }
        finally
        {
            GlobalJobFilters.Filters.Remove(added);
        }
        Assert.DoesNotContain(added, Instances(cache.GetFilters(Occurrence("e"))));
    }

    [Fact]
    public void With_a_provider_of_its_own_every_job_asks_the_providers()
    {
        var byArgument = new ArgumentFilters();
        var cache = new MethodFilterCache(new JobFilterProviderCollection(GlobalJobFilters.Filters, new JobFilterAttributeFilterProvider(), byArgument));

        Assert.Contains(byArgument.For("a"), Instances(cache.GetFilters(Occurrence("a"))));
        var second = Instances(cache.GetFilters(Occurrence("b")));
        Assert.Contains(byArgument.For("b"), second);
        Assert.DoesNotContain(byArgument.For("a"), second);
    }

    [Fact]
    public void A_workers_kept_filters_are_its_composed_providers_and_see_a_global_filter_added_later()
    {
        var worker = CancelledRunFilter.AddTo(JobFilterProviders.Providers, TimeProvider.System);
        var uncached = new JobFilterProviderCollection(new OccurrenceFilterProvider(JobFilterProviders.Providers), Own(worker));

        Assert.Equal(Instances(uncached.GetFilters(Occurrence("a"))).Select(f => f.GetType()), Instances(worker.GetFilters(Occurrence("a"))).Select(f => f.GetType()));
        Assert.Same(worker.GetFilters(Occurrence("b")), worker.GetFilters(Occurrence("c")));
        Assert.DoesNotContain(Instances(worker.GetFilters(Occurrence("d"))), f => OccurrenceFilterProvider.Dropped.Contains(f.GetType()));
        var added = new NoOpClientFilter();
        GlobalJobFilters.Filters.Add(added);
        try
        {
            Assert.Contains(added, Instances(worker.GetFilters(Occurrence("e"))));
        }
        finally
        {
            GlobalJobFilters.Filters.Remove(added);
        }
        Assert.DoesNotContain(added, Instances(worker.GetFilters(Occurrence("f"))));

        // The worker's own filters, as the composed provider holds them (the same instances, so the lists compare).
        static JobFilterCollection Own(IJobFilterProvider composed)
        {
            var own = new JobFilterCollection();
            foreach (var filter in composed.GetFilters(Occurrence("own")).Where(f => f.Instance is CancelledRunFilter or PipelineFailureRetryFilter))
                own.Add(filter.Instance, filter.Order);
            return own;
        }
    }

    private static object[] Instances(IEnumerable<JobFilter> filters) => [.. filters.Select(f => f.Instance)];

    private sealed class NoOpClientFilter : IClientFilter
    {
        public void OnCreating(CreatingContext context) { }
        public void OnCreated(CreatedContext context) { }
    }

    // A provider whose filter depends on the job's first argument, which no per-method cache may keep.
    private sealed class ArgumentFilters : IJobFilterProvider
    {
        private readonly Dictionary<string, NoOpClientFilter> _filters = [];

        public NoOpClientFilter For(string argument)
        {
            lock (_filters)
            {
                if (!_filters.TryGetValue(argument, out var filter)) _filters[argument] = filter = new NoOpClientFilter();
                return filter;
            }
        }

        public IEnumerable<JobFilter> GetFilters(Job job) => [new JobFilter(For((string)job.Args[0]), JobFilterScope.Global, null)];
    }
}
