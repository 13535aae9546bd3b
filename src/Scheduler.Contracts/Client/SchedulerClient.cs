using System.Diagnostics;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Intervals;
using Scheduler.Contracts.Telemetry;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

/// <summary>
/// Schedules, inspects and manages tasks. Every call that changes something returns only after the change is stored
/// in Redis. Thread-safe; keep one per application. A cancellation token stops a call before it writes, or abandons a
/// read in progress; a write already sent to Redis is not undone.
/// </summary>
public sealed partial class SchedulerClient : IAsyncDisposable
{
    private readonly ScheduleStore _store;
    private readonly EventStream _events;
    private readonly AuditLog _audit;
    private readonly SchedulerClientOptions _options;
    private readonly TimeProvider _time;
    private readonly IConnectionMultiplexer? _ownedConnection;

    /// <summary>Uses an existing Redis connection (which the caller keeps owning).</summary>
    public SchedulerClient(IConnectionMultiplexer redis, SchedulerClientOptions? options = null, TimeProvider? time = null)
        : this(redis, options, time, owned: false)
    {
    }

    private SchedulerClient(IConnectionMultiplexer redis, SchedulerClientOptions? options, TimeProvider? time, bool owned)
    {
        _options = options ?? new SchedulerClientOptions();
        // The checks AddSchedulerClient makes at host start, made here too: a client built by hand with an empty prefix
        // wrote keys with none, and an unknown default zone failed every schedule later as if the spec were wrong.
        if (new SchedulerClientOptionsValidator().Validate(null, _options) is { Failed: true } invalid)
            throw new ArgumentException(string.Join("; ", invalid.Failures!), nameof(options));
        _time = time ?? TimeProvider.System;
        var keys = new RedisKeys(_options.KeyPrefix);
        _store = new ScheduleStore(redis, keys, _time) { Acknowledgement = _options.ReplicaAcknowledgement };
        _events = new EventStream(redis, keys, _time);
        _audit = new AuditLog(redis, keys, _options.Audit);
        _ownedConnection = owned ? redis : null;
    }

    // A view acting for another actor: same connection and stores, nothing owned.
    private SchedulerClient(SchedulerClient source, string? actor)
    {
        _options = source._options with { Actor = actor };
        _time = source._time;
        _store = source._store;
        _events = source._events;
        _audit = source._audit;
        _ownedConnection = null;
    }

    /// <summary>
    /// Connects to Redis and returns a client that owns the connection. <paramref name="redisConnection"/> is
    /// StackExchange.Redis syntax ("localhost:6379", "h1:26379,h2:26379,serviceName=mymaster", "…,user=app,password=…")
    /// or a URL ("redis://user:password@host:6379/0", "rediss://…" for TLS).
    /// </summary>
    /// <exception cref="FormatException">The connection string or URL is not valid (the message names the part).</exception>
    /// <exception cref="RedisConnectionException">Redis cannot be reached, refused the credentials or the TLS handshake,
    /// or the addresses are Sentinels and no serviceName was given; the message names the address (password masked) and what to check.</exception>
    public static Task<SchedulerClient> ConnectAsync(string redisConnection, SchedulerClientOptions? options = null, TimeProvider? time = null) =>
        ConnectAsync(RedisConnection.Parse(redisConnection), redisConnection, options, time);

    /// <summary>
    /// Connects with a connection already read by <see cref="RedisConnection.Parse(string?, string?)"/> (e.g. one that
    /// trusts a private TLS CA) and returns a client that owns the connection. The first connect fails fast.
    /// </summary>
    /// <exception cref="RedisConnectionException">Redis cannot be reached, refused the credentials or the TLS handshake,
    /// or the addresses are Sentinels and no serviceName was given; the message names the address (password masked) and what to check.</exception>
    public static Task<SchedulerClient> ConnectAsync(ConfigurationOptions config, SchedulerClientOptions? options = null, TimeProvider? time = null) =>
        ConnectAsync(config, connection: null, options, time);

    /// <summary>
    /// <see cref="ConnectAsync(ConfigurationOptions, SchedulerClientOptions?, TimeProvider?)"/> with the text
    /// <paramref name="config"/> was read from, which errors quote (password masked). Read back from the options, a
    /// password holding a comma would show its rest as an address.
    /// </summary>
    internal static async Task<SchedulerClient> ConnectAsync(ConfigurationOptions config, string? connection, SchedulerClientOptions? options, TimeProvider? time)
    {
        config.AbortOnConnectFail = true;
        RedisConnection.ClampConnectTimeout(config);
        IConnectionMultiplexer redis;
        var log = new StringWriter();
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(config, log);
        }
        catch (RedisConnectionException e) when (RedisConnection.ConnectLogShowsBareSentinel(config, log.ToString()))
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None,
                RedisConnection.SentinelWithoutServiceName(config), e, CommandStatus.Unknown);
        }
        catch (RedisConnectionException e)
        {
            // StackExchange.Redis's own text names no address and advises abortConnect=false, which this connect overrides.
            throw new RedisConnectionException(e.FailureType, CommandFlags.None, RedisConnection.ConnectFailure(e, config, connection), e, CommandStatus.Unknown);
        }
        try
        {
            RedisConnection.EnsureDataNodes(redis, config);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
        // Later reconnects must be automatic; only the first connect is allowed to fail fast.
        return new SchedulerClient(redis, options, time, owned: true);
    }

    /// <summary>
    /// What every component checks of Redis at start (<see cref="RedisReadiness.CheckAsync"/>), on this client's
    /// connection and key prefix: the CLI's check before a command.
    /// </summary>
    internal Task<string?> CheckRedisAsync(ConfigurationOptions config, string where, bool writes) =>
        RedisReadiness.CheckAsync(_store.Redis, config, where, _options.KeyPrefix, writes, _options.ReplicaAcknowledgement);

    /// <summary>
    /// Schedules <paramref name="task"/> on <paramref name="spec"/> ("in 5 minutes", "every 10s", "cron:*/5 * * * *", ...).
    /// An <see cref="ScheduleOptions.Id"/> that exists is handled as <see cref="ScheduleWithResultAsync(TaskDefinition, string, ScheduleOptions?, CancellationToken)"/> describes;
    /// this returns the stored task either way.
    /// </summary>
    /// <exception cref="ScheduleSpecException">The spec is not understood.</exception>
    /// <exception cref="InvalidTaskException">The task or options are not valid.</exception>
    /// <exception cref="Capabilities.TaskNotOfferedException">No live worker offers what the task names (see <see cref="ScheduleOptions.Verify"/>).</exception>
    /// <exception cref="ScheduleConflictException">A live task holds the id with a different definition (and <see cref="ScheduleOptions.Replace"/> is not set).</exception>
    public async Task<ScheduledTask> ScheduleAsync(TaskDefinition task, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        (await ScheduleWithResultAsync(task, spec, options, cancellationToken)).Task;

    /// <summary>The task with <paramref name="id"/>, or null.</summary>
    public Task<ScheduledTask?> GetAsync(string id, CancellationToken cancellationToken = default) => _store.GetAsync(id).WaitAsync(cancellationToken);

    /// <summary>
    /// Tasks newest first, narrowed by <paramref name="filter"/>; <paramref name="offset"/> matching tasks are skipped.
    /// Filtering reads only each record's status, type, last outcome and stored searchable text (pipelined); only
    /// the records that pass are read whole. At most 10,000 are returned (a larger <paramref name="limit"/> reads as 10,000).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1, or <paramref name="offset"/> below 0.</exception>
    public Task<IReadOnlyList<ScheduledTask>> ListAsync(ScheduleFilter? filter = null, int limit = 100, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new ScheduleSearchReader(_store).SearchAsync(filter ?? new ScheduleFilter(), Math.Min(limit, 10_000), offset).WaitAsync(cancellationToken);
    }

    /// <summary>The task's execution attempts, newest first: at most <paramref name="limit"/> (10,000 at most).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1.</exception>
    public Task<IReadOnlyList<TaskRun>> GetRunsAsync(string id, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _store.GetRunsAsync(id, limit).WaitAsync(cancellationToken);
    }

    /// <summary>The checks of a task and its options that need no Redis: the CLI makes them before it connects.</summary>
    /// <exception cref="InvalidTaskException">Something is not accepted; each problem is named.</exception>
    internal static void CheckInput(TaskDefinition task, ScheduleOptions options)
    {
        if (InputProblems(task, options) is { Count: > 0 } errors) throw new InvalidTaskException(errors);
    }

    /// <summary>What <see cref="CheckInput(TaskDefinition, ScheduleOptions)"/> refuses, each problem named; empty when nothing is.</summary>
    internal static List<string> InputProblems(TaskDefinition task, ScheduleOptions options) =>
        task.Validate().Concat(ScheduleOptionsValidator.Validate(options)).Concat(Flow.FlowPolicyValidator.Validate(task, options)).ToList();

    /// <summary>
    /// Validates a task, its options and spec together; returns the parsed schedule and its first due instant (none for a
    /// trigger). The spec's relative words count from <paramref name="readAt"/>, on <paramref name="calendarZone"/>'s
    /// calendar, when given (a spec read before, given a new time zone or startAfter: see <see cref="Replan"/>), else
    /// from <paramref name="now"/>; the first run is after now either way.
    /// </summary>
    private (ParsedSchedule Schedule, DateTimeOffset? FirstDue) Plan(TaskDefinition task, string spec, ScheduleOptions options, DateTimeOffset now, bool catchUp = true,
        DateTimeOffset? readAt = null, string? calendarZone = null) =>
        PlanIn(_options.DefaultTimeZone, task, spec, options, now, catchUp, readAt, calendarZone);

    /// <summary>
    /// <see cref="CheckInput(TaskDefinition, ScheduleOptions)"/> and the spec read as scheduling reads it, with no Redis:
    /// in <paramref name="defaultTimeZone"/> when the options name no zone, from <paramref name="now"/>. The CLI makes
    /// it before it connects, so a spec the parser refuses is bad input even when Redis is down.
    /// </summary>
    /// <exception cref="ScheduleSpecException">The spec is not understood.</exception>
    /// <exception cref="InvalidTaskException">Something else is not accepted; each problem is named.</exception>
    internal static void CheckInput(TaskDefinition task, string spec, ScheduleOptions options, string defaultTimeZone, DateTimeOffset now) =>
        PlanIn(defaultTimeZone, task, spec, options, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));

    private static (ParsedSchedule Schedule, DateTimeOffset? FirstDue) PlanIn(string defaultTimeZone, TaskDefinition task, string spec, ScheduleOptions options,
        DateTimeOffset now, bool catchUp = true, DateTimeOffset? readAt = null, string? calendarZone = null)
    {
        var parseOptions = new ScheduleParseOptions
        {
            TimeZone = options.TimeZone ?? defaultTimeZone, Now = readAt ?? now, AllowPast = options.RunIfPast, StartAt = options.StartAt ?? options.StartAfter,
            CalendarZone = calendarZone,
        };
        var problems = InputProblems(task, options);
        // A pause to be born with is checked as PauseAsync checks one, against the same now.
        if (options.Paused is { } pause) problems.AddRange(pause.Validate(now).Select(p => $"paused: {p}"));
        if (problems.Count > 0)
        {
            // The spec's own problem is named with the others, so a form or a script fixes them in one go, not one per try.
            if (SpecProblem(spec, parseOptions) is { } specProblem && !problems.Any(p => specProblem.EndsWith(p, StringComparison.Ordinal))) problems.Add(specProblem);
            throw new InvalidTaskException(problems);
        }
        var schedule = ScheduleParser.Parse(spec, parseOptions);
        // A trigger task has no instants: it runs when its trigger happens, so it never enters the due index.
        if (schedule.Kind == ScheduleKind.Trigger) return (schedule, null);
        if (options.StartAt is { } startAt) schedule = StartAnchor.Apply(schedule, startAt, spec);
        var firstDue = FirstDue(schedule, options, now, catchUp)
            ?? throw new InvalidTaskException([readAt is { } at && at < now && schedule.IsRecurring && schedule.NextFrom(now) is null
                ? EndedOnRereading(spec, at)
                : NoOccurrence(spec, options, now)]);
        if (ScheduleOptionsValidator.JitterProblem(schedule, options.Jitter, firstDue) is { } jitter) throw new InvalidTaskException([jitter]);
        return (schedule, firstDue);
    }

    // "spec: …", so it is told apart from the task's and the options' problems; null when the spec reads, or when what
    // it trips on is an option already named (its time zone).
    private static string? SpecProblem(string spec, ScheduleParseOptions options)
    {
        try
        {
            ScheduleParser.Parse(spec, options);
            return null;
        }
        catch (ScheduleSpecException e) when (!e.Message.Contains("time zone", StringComparison.OrdinalIgnoreCase))
        {
            return $"spec: {e.Message}";
        }
        catch (Exception e) when (e is ScheduleSpecException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    // Names the bounds that left nothing: "between now and endAt …" when no startAfter was given, not a startAfter never set.
    private static string NoOccurrence(string spec, ScheduleOptions options, DateTimeOffset now)
    {
        var from = options.StartAfter is { } start && start > now ? $"startAfter {Utc(start)}" : "now";
        return options.EndAt is { } end
            ? $"\"{spec}\" has no occurrence between {from} and endAt {Utc(end)}; expected an endAt after its next run, or none"
            : $"\"{spec}\" has no occurrence after {from}; expected a spec with a run still to come";
    }

    private static DateTimeOffset? FirstDue(ParsedSchedule schedule, ScheduleOptions options, DateTimeOffset now, bool catchUp)
    {
        var from = options.StartAfter is { } start && start > now ? start : now;
        var first = StartAnchor.FirstRun(schedule, options.StartAt, now, from, catchUp) ?? (schedule.Kind == ScheduleKind.Once
            ? (schedule.Anchor < from ? from : schedule.Anchor)
            : schedule.NextFrom(from));
        return first is { } f && options.EndAt is { } end && f > end ? null : first;
    }

    // Redis stores instants in whole milliseconds; starting from one keeps returned records equal to stored ones.
    private DateTimeOffset NowToTheMillisecond() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownedConnection is not null) await _ownedConnection.DisposeAsync();
    }
}
