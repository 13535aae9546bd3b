using System.Reflection;
using Hangfire.Common;
using Scheduler.Runtime.Jobs;

namespace Scheduler.Beat.Firing;

/// <summary>The Hangfire job that runs one occurrence on a worker: <see cref="ITaskOccurrenceRunner.RunAsync"/> with its arguments.</summary>
internal static class OccurrenceJob
{
    private static readonly MethodInfo RunMethod = typeof(ITaskOccurrenceRunner).GetMethod(nameof(ITaskOccurrenceRunner.RunAsync))!;

    // Built directly rather than from an expression: Hangfire would compile and evaluate it on every fire.
    public static Job Create(string taskId, string runId, long dueMs, string name, string? traceParent) =>
        new(typeof(ITaskOccurrenceRunner), RunMethod, taskId, runId, dueMs, name, traceParent, null, CancellationToken.None);
}
