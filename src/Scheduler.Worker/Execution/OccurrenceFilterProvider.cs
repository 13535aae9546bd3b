using Hangfire;
using Hangfire.Common;
using Scheduler.Runtime.Jobs;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The worker's view of Hangfire's filters: every filter the host's providers give (users' global filters included),
/// except, for occurrence jobs (<see cref="ITaskOccurrenceRunner"/>), Hangfire's own filters that do nothing for them
/// but cost Redis calls on every job: <see cref="CaptureCultureAttribute"/> (two parameter reads per job; a handler runs
/// in its worker's culture, not in that of the Beat that enqueued it), <see cref="AutomaticRetryAttribute"/> (Polly
/// owns retries; the job method already allowed none, so a job that throws still ends Failed) and
/// <see cref="ContinuationsSupportAttribute"/> (an occurrence job never has continuations; one parameter read on every
/// final state). Filtered per call, never copied: a filter added to <see cref="GlobalJobFilters"/> later still applies,
/// and <see cref="GlobalJobFilters"/> itself is left as it is (a user's app may host the worker next to its own jobs).
/// </summary>
internal sealed class OccurrenceFilterProvider(IJobFilterProvider inner) : IJobFilterProvider
{
    internal static readonly Type[] Dropped = [typeof(CaptureCultureAttribute), typeof(AutomaticRetryAttribute), typeof(ContinuationsSupportAttribute)];

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        var filters = inner.GetFilters(job);
        return job?.Type == typeof(ITaskOccurrenceRunner) ? filters.Where(f => !Dropped.Contains(f.Instance.GetType())) : filters;
    }
}
