namespace Scheduler.Contracts.Schedules;

/// <summary>How a task is scheduled, beyond its spec. Every member is optional.</summary>
public sealed record ScheduleOptions
{
    /// <summary>
    /// Caller-chosen id (letters, digits, '.', '_', '-'; at most 128). Scheduling an id that a live task holds with the
    /// same definition returns that task (<see cref="ScheduleOutcome.AlreadyScheduled"/>); with a different one it throws
    /// <see cref="ScheduleConflictException"/> unless <see cref="Replace"/> is set; an id whose schedule ended is
    /// scheduled anew (<see cref="ScheduleOutcome.Rescheduled"/>).
    /// </summary>
    public string? Id { get; init; }

    /// <summary>
    /// Replace a live task that holds <see cref="Id"/> with a different definition instead of throwing
    /// <see cref="ScheduleConflictException"/>: same id, run history kept, counters restarted, a paused task stays
    /// paused and a run in progress finishes. Not stored with the task.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Replace { get; init; }

    /// <summary>
    /// Create the task paused, in the same write that creates it: born with this note and end, as
    /// <see cref="Client.SchedulerClient.PauseAsync(string, PauseRequest?, CancellationToken)"/> would leave it (status,
    /// pause note, audit entry, event), so no occurrence fires until it is resumed (or the pause's end), and resuming it
    /// then treats the occurrences held meanwhile by <see cref="Misfire"/> as for a task paused later. Only a task the call
    /// creates or schedules anew is paused; a live task that holds the id keeps its status (already scheduled, or
    /// replaced with <see cref="Replace"/>). Not stored with the task; not with <see cref="Debounce"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PauseRequest? Paused { get; init; }

    /// <summary>
    /// Idempotency key: scheduling twice with the same key returns the same task, never two. A key that names a task
    /// returns it as it is (<see cref="ScheduleOutcome.AlreadyScheduled"/>), even once its schedule ended, so a create
    /// retried after a timeout (its first try may have been applied, and may even have run) never schedules it again;
    /// with an <see cref="Id"/> alone, a retry that comes after the task ended schedules it anew. Give one whenever a
    /// create may be retried. With <see cref="Replace"/> the request replaces (or schedules anew) as without a key.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// How long <see cref="IdempotencyKey"/> is remembered (a de-duplication window, 100 ms to 30 days): the same key
    /// within it returns the same task; after it, the key schedules anew. Null remembers the key for as long as Redis
    /// keeps it (the default).
    /// </summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(Flow.NullableFlowDurationJsonConverter))]
    public TimeSpan? IdempotencyWindow { get; init; }

    /// <summary>Short name shown in lists; defaults to the task type and spec.</summary>
    public string? Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>IANA time zone for wall-clock specs; defaults to the client's default (UTC unless configured).</summary>
    public string? TimeZone { get; init; }

    /// <summary>No occurrence fires before this instant (occurrences before it are skipped; an interval keeps its anchor).</summary>
    public DateTimeOffset? StartAfter { get; init; }

    /// <summary>
    /// The first occurrence of a recurring schedule: an interval runs at this instant and then every interval from it
    /// (anchored, never drifting); a cron or rule schedule runs at it, then on its own occurrences after it. Now or in
    /// the past, it is due at once and <see cref="Misfire"/> decides (runOnce: one run at once). Not for one-shot specs.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>No occurrence fires after this instant; the schedule then expires.</summary>
    public DateTimeOffset? EndAt { get; init; }

    /// <summary>Stop after this many runs (successful or failed, retries not counted).</summary>
    public int? MaxRuns { get; init; }

    /// <summary>Hangfire queue the runs go to; "default" unless set.</summary>
    public string? Queue { get; init; }

    /// <summary>Labels to filter by.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Owning module, for grouping and bulk operations.</summary>
    public string? ModuleId { get; init; }

    /// <summary>What to do with occurrences missed while Beat was down or the schedule was paused.</summary>
    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.RunOnce;

    /// <summary>What to do when an occurrence is due while the previous run is still going.</summary>
    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;

    /// <summary>
    /// Random delay up to this bound (0 to 1 hour) added to each occurrence, to spread schedules due together; it must be
    /// shorter than the shortest gap between the schedule's occurrences.
    /// </summary>
    public TimeSpan? Jitter { get; init; }

    /// <summary>Accept a one-shot spec in the past and run it at once.</summary>
    public bool RunIfPast { get; init; }

    /// <summary>
    /// Whether scheduling checks that a live worker offers what the task names (type, plugin and command, MCP server,
    /// channel, shell program). False schedules it anyway, for workers that start later; null follows the client
    /// (<see cref="Client.SchedulerClientOptions.VerifyWorkers"/>, true by default).
    /// </summary>
    public bool? Verify { get; init; }

    /// <summary>At most this many occurrences with the same key run at once across the cluster; the others wait in order.</summary>
    public Flow.ConcurrencyLimit? Concurrency { get; init; }

    /// <summary>At most this many occurrences with the same key start per period across the cluster; later ones are delayed in order.</summary>
    public Flow.RateLimit? RateLimit { get; init; }

    /// <summary>
    /// Collapse a burst of one-shot requests with the same key into one run with the last request's task, due once the
    /// window has passed since the last request (see <see cref="Flow.Debounce"/>). One-shot specs only ("in 1 second", "in 5 minutes", an instant);
    /// not with <see cref="Id"/> or <see cref="IdempotencyKey"/>.
    /// </summary>
    public Flow.Debounce? Debounce { get; init; }

    /// <summary>The lane of <see cref="Queue"/> the runs go to: high ones start before normal ones already waiting.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public Flow.TaskPriority Priority { get; init; } = Flow.TaskPriority.Normal;

    /// <summary>
    /// These options as stored: their windows (<see cref="IdempotencyWindow"/>, <see cref="Jitter"/>, the rate limit's
    /// period, the debounce window) and instants (<see cref="StartAfter"/>, <see cref="StartAt"/>, <see cref="EndAt"/>) cut
    /// to whole milliseconds, the precision they are applied in (Unix ms instants and TTLs), so what a task shows is what it
    /// does and an instant read back from the REST API (six fractional digits) and sent again is the same value; the
    /// instants in UTC and <see cref="TimeZone"/> as the zone's own id, so one definition written another way
    /// (<c>17:00Z</c> for <c>18:00+01:00</c>, <c>europe/berlin</c>) is the same definition, not a replacement.
    /// </summary>
    internal ScheduleOptions AsStored()
    {
        static TimeSpan Cut(TimeSpan window) => Flow.FlowDuration.WholeMilliseconds(window);
        static bool Fine(TimeSpan? window) => window is { } w && Cut(w) != w;
        static DateTimeOffset? CutAt(DateTimeOffset? at) => at is { } t ? Flow.FlowDuration.WholeMilliseconds(t).ToUniversalTime() : null;
        static bool FineAt(DateTimeOffset? at) => at is { } t && (CutAt(t) != t || t.Offset != TimeSpan.Zero);
        // An unknown zone stays as written: the schedule's own check names it.
        var zone = TimeZone is { } written ? Scheduling.ScheduleTimeZones.TryFind(written)?.Id ?? written : null;
        if (!Fine(IdempotencyWindow) && !Fine(Jitter) && !Fine(RateLimit?.Per) && !Fine(Debounce?.Window)
            && !FineAt(StartAfter) && !FineAt(StartAt) && !FineAt(EndAt) && zone == TimeZone) return this;
        return this with
        {
            IdempotencyWindow = IdempotencyWindow is { } kept ? Cut(kept) : null,
            Jitter = Jitter is { } jitter ? Cut(jitter) : null,
            RateLimit = RateLimit is { } rate ? rate with { Per = Cut(rate.Per) } : null,
            Debounce = Debounce is { } debounce ? debounce with { Window = Cut(debounce.Window) } : null,
            StartAfter = CutAt(StartAfter),
            StartAt = CutAt(StartAt),
            EndAt = CutAt(EndAt),
            TimeZone = zone,
        };
    }
}
