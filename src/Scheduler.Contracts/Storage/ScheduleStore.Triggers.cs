using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Triggers;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    private TriggerStore? _triggers;

    /// <summary>Events, subscriptions and trigger contexts, on the same connection and keys.</summary>
    public TriggerStore Triggers => _triggers ??= new TriggerStore(Redis, Keys, Time);

    /// <summary>The subscriber set a trigger schedule is entered in when created, or null for a clock schedule.</summary>
    private string? SubscriptionKey(ParsedSchedule schedule) => Triggers.SubscriptionKey(schedule);
}
