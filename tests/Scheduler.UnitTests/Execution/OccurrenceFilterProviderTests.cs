using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Scheduler.Runtime.Jobs;
using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Execution;

public sealed class OccurrenceFilterProviderTests
{
    private static readonly Job Occurrence = Job.FromExpression<ITaskOccurrenceRunner>(r => r.RunAsync("t", "t:1", 1, "t", null, null, CancellationToken.None));

    private static readonly Job Other = Job.FromExpression(() => UsersJob());

    [Fact]
    public void Occurrence_jobs_run_without_hangfires_culture_retry_and_continuation_filters_but_with_every_other_filter()
    {
        var global = DefaultGlobalFilters();
        global.Add(new UsersFilter());
        var provider = new OccurrenceFilterProvider(new JobFilterProviderCollection(global, new JobFilterAttributeFilterProvider()));

        var types = provider.GetFilters(Occurrence).Select(f => f.Instance.GetType()).ToList();

        Assert.DoesNotContain(typeof(CaptureCultureAttribute), types);
        Assert.DoesNotContain(typeof(AutomaticRetryAttribute), types);
        Assert.DoesNotContain(typeof(ContinuationsSupportAttribute), types);
        Assert.Contains(typeof(StatisticsHistoryAttribute), types);
        Assert.Contains(typeof(UsersFilter), types);
    }

    [Fact]
    public void Other_jobs_keep_every_filter_and_the_global_collection_is_left_untouched()
    {
        var global = DefaultGlobalFilters();
        var provider = new OccurrenceFilterProvider(global);

        var types = provider.GetFilters(Other).Select(f => f.Instance.GetType()).ToList();
        _ = provider.GetFilters(Occurrence).ToList();

        Type[] all = [typeof(AutomaticRetryAttribute), typeof(CaptureCultureAttribute), typeof(ContinuationsSupportAttribute), typeof(StatisticsHistoryAttribute)];
        Assert.Equal(all, types.OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal(4, global.Count);
    }

    // A fresh collection like GlobalJobFilters' defaults, so tests never touch the process-wide one.
    private static JobFilterCollection DefaultGlobalFilters()
    {
        var filters = new JobFilterCollection();
        filters.Add(new CaptureCultureAttribute());
        filters.Add(new AutomaticRetryAttribute());
        filters.Add(new StatisticsHistoryAttribute());
        filters.Add(new ContinuationsSupportAttribute());
        return filters;
    }

    public static void UsersJob() { }

    private sealed class UsersFilter : IServerFilter
    {
        public void OnPerforming(PerformingContext context) { }

        public void OnPerformed(PerformedContext context) { }
    }
}
