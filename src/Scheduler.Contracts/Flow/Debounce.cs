using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Flow;

/// <summary>
/// Trailing debounce for one-shot schedules: requests with the same <see cref="Key"/> that come less than
/// <see cref="Window"/> apart collapse into one run, with the last request's task (its arguments), due once the window
/// has passed since that last request. A request after the pending run has started (or ended) schedules a new one.
/// </summary>
/// <param name="Key">
/// A name shared by the requests to collapse, e.g. <c>"reindex"</c>, or a template over the task's fields as for
/// <see cref="ConcurrencyLimit.Key"/> (<c>"notify:{channel}"</c>), resolved when the request is made.
/// </param>
/// <param name="Window">
/// The quiet time before the run, 100 ms to 1 day; in JSON <c>"5s"</c>, <c>"500ms"</c> or <c>"00:00:05"</c>. Applied and
/// stored in whole milliseconds, as due times are: finer ticks are cut.
/// </param>
public sealed record Debounce(string Key, [property: JsonConverter(typeof(FlowDurationJsonConverter))] TimeSpan Window);
