using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Flow;

/// <summary>
/// At most <see cref="Count"/> occurrences whose <see cref="Key"/> resolves to the same text start within any period
/// of length <see cref="Per"/> across the cluster (a sliding window); later ones are delayed, keep their order, and
/// their run records say how long they waited (<see cref="Schedules.TaskRun.FlowDelay"/>).
/// </summary>
/// <param name="Key">A name or a template over the task's fields, as for <see cref="ConcurrencyLimit.Key"/>.</param>
/// <param name="Count">Starts allowed per period, 1 to 100,000.</param>
/// <param name="Per">The period, 100 ms to 1 day; in JSON <c>"1m"</c>, <c>"30s"</c>, <c>"500ms"</c> or <c>"00:01:00"</c>.</param>
public sealed record RateLimit(string Key, int Count, [property: JsonConverter(typeof(FlowDurationJsonConverter))] TimeSpan Per);
