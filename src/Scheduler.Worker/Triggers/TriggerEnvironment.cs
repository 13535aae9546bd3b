using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.Worker.Triggers;

/// <summary>
/// A trigger's context as environment variables for a shell task: SCHEDULER_TRIGGER_ID, SCHEDULER_TRIGGER_KIND
/// ("after" or "on"); after a task: SCHEDULER_TRIGGER_TASK, SCHEDULER_TRIGGER_RUN, SCHEDULER_TRIGGER_OUTCOME,
/// SCHEDULER_TRIGGER_RESULT, SCHEDULER_TRIGGER_ERROR; on an event: SCHEDULER_EVENT_NAME, SCHEDULER_EVENT_PAYLOAD.
/// A variable whose value is absent is not set.
/// </summary>
internal static class TriggerEnvironment
{
    // Linux refuses a single environment string over 128 KiB (MAX_ARG_STRLEN) and the process would not start.
    private const int MaxValueLength = 100_000;

    public static void Apply(IDictionary<string, string?> environment, TriggerContext? trigger)
    {
        if (trigger is null) return;
        void Set(string name, string? value)
        {
            if (value is null) return;
            environment[name] = value.Length <= MaxValueLength ? value : value[..MaxValueLength];
        }
        Set("SCHEDULER_TRIGGER_ID", trigger.Id);
        Set("SCHEDULER_TRIGGER_KIND", trigger.Kind);
        if (trigger.Kind == "on")
        {
            Set("SCHEDULER_EVENT_NAME", trigger.Source);
            Set("SCHEDULER_EVENT_PAYLOAD", trigger.Payload);
            return;
        }
        Set("SCHEDULER_TRIGGER_TASK", trigger.Source);
        Set("SCHEDULER_TRIGGER_RUN", trigger.SourceRunId);
        Set("SCHEDULER_TRIGGER_OUTCOME", trigger.Outcome);
        Set("SCHEDULER_TRIGGER_RESULT", trigger.Result);
        Set("SCHEDULER_TRIGGER_ERROR", trigger.Error);
    }
}
