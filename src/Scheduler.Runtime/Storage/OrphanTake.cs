namespace Scheduler.Runtime.Storage;

/// <summary>What taking a run out of the in-flight ledger found (<c>ScheduleStoreRunLedger.TakeOrphanAsync</c>).</summary>
internal enum OrphanTake
{
    /// <summary>The entry was no longer the one seen: another recovery, or the run's own worker, settled it.</summary>
    NotTaken,

    /// <summary>Taken; its attempt had started its handler, so an attempt was lost.</summary>
    Started,

    /// <summary>
    /// Taken; its attempt had not started (it waited behind another run of its task, or a parked retry's rest): the
    /// claim was withdrawn with it, so no attempt was lost and the run's next claim runs the same attempt number.
    /// </summary>
    NotStarted,
}
