namespace Scheduler.Beat.Firing;

/// <summary>A filter threw while a batched job's state was applied; the batch's transaction was dropped unwritten.</summary>
internal sealed class JobBatchAbandonedException(Exception inner)
    : Exception($"A Hangfire filter failed while a batched job's state was applied: {inner.Message}", inner);
