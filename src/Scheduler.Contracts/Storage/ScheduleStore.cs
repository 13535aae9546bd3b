using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>Reads and writes schedules, their firing index and their history in Redis. Shared by every component.</summary>
internal sealed partial class ScheduleStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    public RedisKeys Keys { get; } = keys;
    public IConnectionMultiplexer Redis { get; } = redis;
    public TimeProvider Time { get; } = time;
    public IDatabase Db => Redis.GetDatabase();

    /// <summary>
    /// Stores a schedule under its id and its first due instant atomically, or decides in the same call what an id that
    /// exists gets (see <see cref="CreateReply"/>), and announces a change (event and Beat wake-up) in that call too.
    /// With <c>held</c>, writes only if the id still holds that (<see cref="CreateReply.Held"/> of what the caller read);
    /// with <c>pause</c>, a task created or scheduled anew is written paused with it, in the same call.
    /// </summary>
    /// <remarks>
    /// Does not wait for <see cref="Acknowledgement"/>'s replicas: the caller does (<see cref="AcknowledgedAsync"/>) once it
    /// has also written what goes with the change (audit, events), which a short acknowledgement must not cut off.
    /// </remarks>
    public async Task<CreateReply> CreateAsync(ScheduledTask task, string? traceParent = null, bool replace = false, string? debounceKey = null, bool debounce = false,
        RedisValue[]? creationAudit = null, string? held = null, PauseInfo? pause = null) =>
        CreateReply.Parse((RedisResult[])(await EvaluateCreate(Db, task, traceParent, wakeBeat: true, replace, debounceKey, debounce, creationAudit, held, pause))!);

    /// <summary>Runs the create script for one record (see <see cref="CreateReply.Parse"/> for its answer; <see cref="CreateCall"/> for the rest).</summary>
    private Task<RedisResult> EvaluateCreate(IDatabaseAsync target, ScheduledTask task, string? traceParent, bool wakeBeat, bool replace = false,
        string? debounceKey = null, bool debounce = false, RedisValue[]? creationAudit = null, string? held = null, PauseInfo? pause = null)
    {
        var (keys, args) = CreateCall(task, traceParent, wakeBeat, replace, debounceKey, debounce, creationAudit, held, pause);
        return target.ScriptEvaluateAsync(StoreScripts.Create, keys, args);
    }

    /// <summary>
    /// Runs the create script for each record in one pipelined batch, answers in order (see <see cref="CreateReply.Parse"/>);
    /// each record is created atomically, the batch is not a transaction. Without a change message: the caller sends one for all.
    /// </summary>
    /// <remarks>Does not wait for <see cref="Acknowledgement"/>'s replicas: the caller does, once for the batch, after its wake-up and audit.</remarks>
    public Task<RedisResult[]> CreateAllAsync(IReadOnlyList<(ScheduledTask Task, string? TraceParent, RedisValue[]? CreationAudit)> records) =>
        _batchedCreate.EvaluateAllAsync(Db, [.. records.Select(r => CreateCall(r.Task, r.TraceParent, wakeBeat: false, creationAudit: r.CreationAudit))]);

    private readonly PipelinedScript _batchedCreate = new(StoreScripts.Create);

    /// <summary>
    /// The create script's keys and arguments for one record. Without <paramref name="wakeBeat"/> the caller sends the
    /// change message itself (a batch sends one for all). <paramref name="creationAudit"/>
    /// (<see cref="Audit.AuditLog.Arguments"/>) is appended to the audit log in the same call when the outcome is a
    /// creation; any other outcome is the caller's to record.
    /// </summary>
    private (RedisKey[] Keys, RedisValue[] Args) CreateCall(ScheduledTask task, string? traceParent, bool wakeBeat, bool replace = false,
        string? debounceKey = null, bool debounce = false, RedisValue[]? creationAudit = null, string? held = null, PauseInfo? pause = null)
    {
        HashEntry[] fields = traceParent is null ? ScheduleRecord.ToHash(task) : [.. ScheduleRecord.ToHash(task), new(ScheduleRecord.TraceParent, traceParent)];
        var args = new List<RedisValue>(25 + fields.Length * 2)
        {
            task.Id, task.CreatedAt.ToUnixTimeMilliseconds(),
            task.NextRunAt is { } due ? due.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            wakeBeat ? Keys.ScheduleChanged : RedisValue.EmptyString, Time.GetUtcNow().ToUnixTimeMilliseconds(),
            debounce ? "debounce" : replace ? "replace" : "create", CreateReply.ComparedFields(task), Keys.InFlight, Keys.Run(""),
            task.Options.IdempotencyWindow is { } window ? (long)window.TotalMilliseconds : RedisValue.EmptyString,
            task.Options.Debounce is { } d ? (long)d.Window.TotalMilliseconds : RedisValue.EmptyString,
        };
        if (creationAudit is { Length: 8 }) args.AddRange(creationAudit);
        else for (var i = 0; i < 8; i++) args.Add(RedisValue.EmptyString);
        args.Add(held ?? RedisValue.EmptyString);
        args.AddRange(ScheduleRecord.PauseFields(pause).Select(f => f.Value));
        args.Add(CreateReply.UnzonedOptions(task) ?? RedisValue.EmptyString);
        foreach (var field in fields) { args.Add(field.Name); args.Add(field.Value); }
        var idempotency = task.Options.IdempotencyKey is { } key ? Keys.Idempotency(key) : "";
        return ([Keys.Task(task.Id), Keys.Tasks, Keys.Due, idempotency, Keys.Events, SubscriptionKey(task.Schedule) ?? "",
                debounceKey is null ? "" : Keys.Debounce(debounceKey), creationAudit is null ? "" : Keys.Audit, Keys.Fired], [.. args]);
    }

    public async Task<ScheduledTask?> GetAsync(string id) =>
        TaskIds.IsValid(id) ? ScheduleRecord.FromHash(await Db.HashGetAllAsync(Keys.Task(id))) : null;

    /// <summary>Schedules newest first, filtered in memory after paging through the creation index.</summary>
    public async Task<IReadOnlyList<ScheduledTask>> ListAsync(Func<ScheduledTask, bool> filter, int limit, int offset)
    {
        var result = new List<ScheduledTask>();
        var skipped = 0;
        const int page = 500;
        for (long start = 0; result.Count < limit; start += page)
        {
            var ids = await Db.SortedSetRangeByRankAsync(Keys.Tasks, start, start + page - 1, Order.Descending);
            if (ids.Length == 0) break;
            var batch = Db.CreateBatch();
            var reads = ids.Select(id => batch.HashGetAllAsync(Keys.Task(id!))).ToArray();
            batch.Execute();
            foreach (var read in reads)
            {
                if (ScheduleRecord.FromHash(await read) is not { } task || !filter(task)) continue;
                if (skipped++ < offset) continue;
                result.Add(task);
                if (result.Count >= limit) break;
            }
        }
        return result;
    }

    /// <summary>
    /// The ids of every schedule <paramref name="filter"/> accepts, however many: a scan of the creation index meets each
    /// schedule that exists for the whole walk whatever is created or deleted meanwhile (ranks would shift under a walk
    /// by page); records are read 500 at a time and only the ids kept.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> MatchingIdsAsync(Func<ScheduledTask, bool> filter, CancellationToken cancellationToken)
    {
        // A scan can return a member twice; a set keeps each id once.
        var matching = new HashSet<string>(StringComparer.Ordinal);
        var page = new List<string>(ScanPage);
        await foreach (var entry in Db.SortedSetScanAsync(Keys.Tasks, pageSize: ScanPage).WithCancellation(cancellationToken))
        {
            page.Add(entry.Element.ToString());
            if (page.Count == ScanPage) await FilterAsync();
        }
        await FilterAsync();
        return matching;

        async Task FilterAsync()
        {
            var batch = Db.CreateBatch();
            var reads = page.Select(id => batch.HashGetAllAsync(Keys.Task(id))).ToArray();
            batch.Execute();
            foreach (var read in reads)
                if (ScheduleRecord.FromHash(await read) is { } task && filter(task)) matching.Add(task.Id);
            page.Clear();
        }
    }

    private const int ScanPage = 500;

    /// <summary>
    /// Moves a schedule to <paramref name="to"/> if its status is one of <paramref name="allowedFrom"/>.
    /// Returns the previous status, or null when the task does not exist.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The current status does not allow the change.</exception>
    public Task<ScheduleStatus?> TransitionAsync(string id, ScheduleStatus to, params ScheduleStatus[] allowedFrom) =>
        TransitionAsync(id, to, notifyBeat: true, allowedFrom);

    public Task<ScheduleStatus?> TransitionAsync(string id, ScheduleStatus to, bool notifyBeat, params ScheduleStatus[] allowedFrom) =>
        TransitionAsync(id, to, notifyBeat, [], allowedFrom);

    /// <summary>Like the other overloads, also writing <paramref name="stamp"/> (who changed it, when) with the change.</summary>
    public async Task<ScheduleStatus?> TransitionAsync(string id, ScheduleStatus to, bool notifyBeat, HashEntry[] stamp, params ScheduleStatus[] allowedFrom) =>
        (await TransitionIfHeldAsync(id, to, notifyBeat, stamp, held: null, allowedFrom)).Previous;

    /// <summary>
    /// Like <see cref="TransitionAsync(string, ScheduleStatus, bool, HashEntry[], ScheduleStatus[])"/>, made only on the
    /// record <paramref name="held"/> names (<see cref="CreateReply.Held"/>; null for any): when the id holds another
    /// (replaced, updated, deleted and created anew since it was read), nothing is written and <c>Held</c> is false, with
    /// its status now as <c>Previous</c>.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The current status does not allow the change.</exception>
    public async Task<(ScheduleStatus? Previous, bool Held)> TransitionIfHeldAsync(string id, ScheduleStatus to, bool notifyBeat, HashEntry[] stamp, string? held,
        params ScheduleStatus[] allowedFrom)
    {
        if (!TaskIds.IsValid(id)) return (null, true);
        var allowed = string.Join(',', allowedFrom.Select(ScheduleRecord.StatusText));
        RedisValue[] args = [id, ScheduleRecord.StatusText(to), allowed, held ?? "", .. stamp.SelectMany(f => new[] { f.Name, f.Value })];
        var previous = (string)(await Db.ScriptEvaluateAsync(StoreScripts.Transition,
            [Keys.Task(id), Keys.Due, Keys.Running, Keys.InFlight, Keys.FailedRuns, Keys.FailedRunData, Keys.Run("")], args))!;
        if (previous.Length == 0) return (null, true);
        if (previous[0] == '!')
            throw new InvalidTransitionException(id, ScheduleRecord.ParseStatus(previous[1..]), to);
        if (previous[0] == '?') return (ScheduleRecord.ParseStatus(previous[1..]), false);
        if (notifyBeat) await Db.PublishAsync(RedisChannel.Literal(Keys.ScheduleChanged), id);
        return (ScheduleRecord.ParseStatus(previous), true);
    }

    public async Task<IReadOnlyList<TaskRun>> GetRunsAsync(string id, int limit)
    {
        if (!TaskIds.IsValid(id)) return [];
        var items = await Db.ListRangeAsync(Keys.Runs(id), 0, Math.Clamp(limit, 1, 10_000) - 1);
        return [.. items.Select(item => JsonSerializer.Deserialize<TaskRun>(item.ToString(), Tasks.TaskTypes.JsonOptions)!)];
    }

    /// <summary>Ids of processes whose heartbeat is newer than <paramref name="since"/>.</summary>
    public async Task<HashSet<string>> AliveProcessesAsync(DateTimeOffset since) =>
        [.. (await Db.SortedSetRangeByScoreAsync(Keys.Heartbeats, since.ToUnixTimeMilliseconds())).Select(m => m.ToString())];
}
