using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>Beat's side of a pause with an end: resume the task at that instant, once.</summary>
internal static class ScheduleStorePauseLift
{
    extension(ScheduleStore store)
    {
        /// <summary>
        /// Resumes the paused task <paramref name="task"/> (as read after the claim) if its pause has ended by
        /// <paramref name="now"/>, recording the change by <see cref="AuditActions.SchedulerActor"/> in the audit log.
        /// </summary>
        public async Task<PauseLift> LiftPauseAsync(ScheduledTask task, DateTimeOffset now, AuditRetention retention)
        {
            var log = new AuditLog(store.Redis, store.Keys, retention);
            var (before, after) = AuditDiff.Between(AuditDiff.Of(task), AuditDiff.Of(task with { Status = ScheduleStatus.Scheduled, Pause = null }));
            RedisValue[] args =
            [
                task.Id, now.ToUnixTimeMilliseconds(), store.Keys.ScheduleChanged,
                .. log.Arguments(AuditActions.SchedulerActor, AuditActions.Resume, task.Id, before, after, "pause ended"),
            ];
            var result = (int)await store.Db.ScriptEvaluateAsync(PauseLiftScripts.Lift,
                [store.Keys.Task(task.Id), store.Keys.Due, store.Keys.Events, store.Keys.Audit, store.Keys.Running, store.Keys.InFlight], args);
            return (PauseLift)result;
        }
    }
}
