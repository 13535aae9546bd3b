using System.Globalization;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>The kinds of work in the mixed workload; each reports to a side channel the harness reads.</summary>
public enum WorkKind
{
    /// <summary>A notification due at once, to the harness's webhook.</summary>
    Instant,
    /// <summary>A notification due later in the run, to the webhook.</summary>
    Notification,
    /// <summary>A shell task (<c>sleep 1–2</c>) that appends start and end lines to the harness's file.</summary>
    Shell,
    /// <summary>A recurring notification with maxRuns: several occurrences, told apart by run id at the webhook.</summary>
    Recurring,
    /// <summary>A sequence: a shell step, then a notification step to the webhook (its delivery ends the occurrence).</summary>
    Sequence,
}

/// <summary>One schedule of the workload: what it runs, when, and when Redis acknowledged its creation.</summary>
public sealed class PlannedWork(string id, WorkKind kind, TaskDefinition task, string spec, ScheduleOptions options, DateTimeOffset dueAt, int occurrences)
{
    public string Id { get; } = id;
    public WorkKind Kind { get; } = kind;
    public TaskDefinition Task { get; } = task;
    public string Spec { get; } = spec;
    public ScheduleOptions Options { get; } = options;

    /// <summary>The first instant it may run (one-shots: their due instant).</summary>
    public DateTimeOffset DueAt { get; } = dueAt;

    /// <summary>Occurrences it must run: 1, or maxRuns for a recurring schedule.</summary>
    public int Occurrences { get; } = occurrences;

    /// <summary>When the creation call returned success (after retries, as a careful client does); null if it never did.</summary>
    public DateTimeOffset? AckedAt { get; set; }
}

/// <summary>Builds the workload's tasks; shell and sequence steps write to <paramref name="sideFile"/>, notifications go to webhook <paramref name="channel"/>.</summary>
public sealed class FaultWorkload(string sideFile, string channel)
{
    // Start and end lines: "<id> start <ms>" and "<id> end <ms> live|orphan". A command whose worker was killed -9 under
    // it runs on by itself (own process group) and ends "orphan": its parent is gone.
    private const string ShellScript =
        "echo \"$1 start $(date +%s%3N)\" >> \"$2\"; sleep \"$3\"; " +
        "if kill -0 \"$PPID\" 2>/dev/null; then p=live; else p=orphan; fi; echo \"$1 end $(date +%s%3N) $p\" >> \"$2\"";

    private static readonly ExecutionPolicy Policy = new(MaxRetries: 3, BackoffBase: TimeSpan.FromMilliseconds(200),
        BackoffMax: TimeSpan.FromSeconds(1), SoftTimeout: TimeSpan.FromSeconds(30), HardTimeout: TimeSpan.FromSeconds(40));

    private int _next;

    public string SideFile { get; } = sideFile;

    public PlannedWork Create(WorkKind kind, DateTimeOffset dueAt, Random random, int maxRuns = 4)
    {
        var id = $"{kind.ToString().ToLowerInvariant()}-{Interlocked.Increment(ref _next)}";
        // The key makes a retried creation safe: an id alone would schedule a one-shot anew if its first, unacknowledged
        // try was applied and the run had already ended when the retry landed (it then ran twice).
        var options = new ScheduleOptions { Id = id, IdempotencyKey = "fault-" + id, RunIfPast = true };
        var at = "at:" + dueAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return kind switch
        {
            WorkKind.Instant or WorkKind.Notification => new PlannedWork(id, kind, Notify(id), at, options, dueAt, 1),
            WorkKind.Shell => new PlannedWork(id, kind, Shell(id, random), at, options, dueAt, 1),
            WorkKind.Recurring => new PlannedWork(id, kind, Notify(id), "every 2s",
                options with { MaxRuns = maxRuns, StartAfter = dueAt, Overlap = OverlapPolicy.Allow }, dueAt, maxRuns),
            WorkKind.Sequence => new PlannedWork(id, kind, new SequenceTask(
            [
                new SequenceStep("work", Shell(id, random) with { Execution = null }),
                new SequenceStep("notify", Notify(id) with { Execution = null }, DependsOn: ["work"]),
            ]) { Execution = Policy }, at, options, dueAt, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private NotificationTask Notify(string id) => new($"fault suite {id}", Channels: [channel]) { Execution = Policy };

    private ShellTask Shell(string id, Random random) =>
        new(ShellScript, [id, SideFile, (1 + random.Next(0, 11) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)], UseShell: true) { Execution = Policy };

    /// <summary>Creates <paramref name="work"/>, retrying through Redis faults (its idempotency key makes a retry return the first task, whatever its state).</summary>
    public static async Task SubmitAsync(SchedulerClient client, PlannedWork work, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.ScheduleAsync(work.Task, work.Spec, work.Options, stop);
                work.AckedAt = DateTimeOffset.UtcNow;
                return;
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                try { await Task.Delay(250, stop); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
