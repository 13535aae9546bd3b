namespace Scheduler.Runtime.Redis;

/// <summary>The fault of a Redis call nobody awaits, observed so it is not reported as an unobserved task exception.</summary>
internal static class TaskFaults
{
    public static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
