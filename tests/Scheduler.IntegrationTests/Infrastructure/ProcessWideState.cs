namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that change what the whole test process shares (Hangfire's <c>GlobalJobFilters</c>, a plain list that every
/// in-process beat, worker and client reads without a lock; environment variables that child processes and hosts
/// read): they run alone, after the parallel tests, so no other test sees the change half made.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideState
{
    public const string Name = "process-wide state";
}
