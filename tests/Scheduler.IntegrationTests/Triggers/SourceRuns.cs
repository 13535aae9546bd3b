using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>A source task's run claimed and ended as a worker does it, straight on the store: its final outcome fans out to the tasks after it.</summary>
internal static class SourceRuns
{
    public static async Task SucceedAsync(ScheduleStore store, string taskId, string runId)
    {
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, "job-1", "worker-a", taskId)).Claim);
        await store.RecordAttemptAsync(new TaskRun
        {
            RunId = runId, TaskId = taskId, Attempt = 1, WorkerId = "worker-a", StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
        }, "job-1", oneShot: false, maxRuns: null);
    }
}
