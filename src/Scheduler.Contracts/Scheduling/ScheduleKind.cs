namespace Scheduler.Contracts.Scheduling;

/// <summary>How a parsed schedule produces its occurrences.</summary>
public enum ScheduleKind
{
    /// <summary>Runs once, at a single instant.</summary>
    Once,

    /// <summary>Runs on a cron expression evaluated in the schedule's time zone (wall-clock, follows DST).</summary>
    Cron,

    /// <summary>Runs every fixed duration from an anchor instant (absolute time, unaffected by DST).</summary>
    Interval,

    /// <summary>
    /// Runs on an RFC 5545 recurrence rule (DTSTART, RRULE, EXDATE) evaluated in local time in its zone; the canonical
    /// form is the rule's text, e.g. <c>DTSTART;TZID=Europe/Berlin:20261201T170000 RRULE:FREQ=MONTHLY;BYDAY=-1FR</c>.
    /// </summary>
    Rule,

    /// <summary>
    /// Runs once per trigger, never on a clock: <c>after:&lt;taskId&gt;:&lt;outcome&gt;</c> when a run of another task ends
    /// with that outcome, or <c>on:&lt;event-name&gt;</c> for every published event (see <see cref="Triggers.TriggerSpec"/>).
    /// </summary>
    Trigger,
}
