namespace Scheduler.Bench;

/// <summary>Command-line settings: which scenarios, how big, how often repeated, where the JSON goes.</summary>
internal sealed record BenchOptions
{
    public static readonly string[] AllScenarios = ["enqueue", "e2e", "hangfire", "bullmq", "precision", "recurring", "redis-cost", "rules"];

    /// <summary>Scenarios run only when named: they measure one feature rather than the system's throughput.</summary>
    public static readonly string[] OptInScenarios = ["dashboard-100k", "pickup", "hangfire-burst", "retention", "retention-backlog", "inflight-scale", "pairs"];

    public bool Quick { get; init; }
    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;
    public string? JsonPath { get; init; }

    /// <summary>Repetitions per measurement; the median is reported.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Tasks (jobs) per throughput measurement.</summary>
    public int Tasks { get; init; } = 20_000;

    /// <summary>Parallel callers for the concurrent enqueue and for feeding end-to-end runs.</summary>
    public int Callers { get; init; } = 8;

    /// <summary>Hangfire workers per worker process (ours and the raw Hangfire baseline); BullMQ concurrency.</summary>
    public int WorkersPerProcess { get; init; } = 10;

    public IReadOnlyList<int> ProcessCounts { get; init; } = [1, 2, 4];

    /// <summary>
    /// Tasks (jobs) each system runs before a throughput measurement, ours, raw Hangfire and BullMQ alike: enough that
    /// the runtime's tiered JIT has finished recompiling the hot paths, so the figures are steady-state ones. After 2,000
    /// a worker's tiered-compilation thread still took 18 % of its CPU (perf, 12-22 s after start; 0.5 % at 45 s).
    /// </summary>
    public int WarmUp { get; init; } = 10_000;

    public int PrecisionOneShots { get; init; } = 10_000;
    public TimeSpan PrecisionWindow { get; init; } = TimeSpan.FromSeconds(60);
    public int PrecisionCrons { get; init; } = 1_000;

    /// <summary>How long after the first cron burst the second (warm) one comes: time for the first to have drained.</summary>
    public TimeSpan PrecisionWarmBurstAfter { get; init; } = TimeSpan.FromSeconds(10);

    public int RecurringSchedules { get; init; } = 100_000;

    /// <summary>Period of the recurring schedules and length of the observed firing window.</summary>
    public TimeSpan RecurringPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Recurring scale is expensive (registration + a whole minute); it runs this many times.</summary>
    public int RecurringRuns { get; init; } = 1;

    /// <summary>Raw Hangfire and BullMQ baselines (off in quick mode unless BullMQ is already installed).</summary>
    public bool Baselines { get; init; } = true;

    /// <summary>Writes a Redis MONITOR trace of each end-to-end run here (plus CLIENT LIST in "&lt;path&gt;.clients"); slows Redis a lot.</summary>
    public string? MonitorPath { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        if (args.Contains("--quick"))
        {
            options = options with
            {
                Quick = true, Runs = 1, Tasks = 500, ProcessCounts = [1, 2, 4], PrecisionOneShots = 500,
                PrecisionWindow = TimeSpan.FromSeconds(10), PrecisionCrons = 100, PrecisionWarmBurstAfter = TimeSpan.FromSeconds(3), RecurringSchedules = 2_000,
                RecurringPeriod = TimeSpan.FromSeconds(10), Baselines = false, WarmUp = 20,
            };
        }
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick": break;
                case "--scenario" or "--scenarios":
                    var names = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = names.Except(AllScenarios).Except(OptInScenarios).ToList();
                    if (unknown.Count > 0) throw new ArgumentException($"unknown scenario(s) {string.Join(", ", unknown)}; expected {string.Join(", ", AllScenarios.Concat(OptInScenarios))}");
                    options = options with { Scenarios = names };
                    break;
                case "--json": options = options with { JsonPath = Next() }; break;
                case "--runs": options = options with { Runs = int.Parse(Next()) }; break;
                case "--recurring-runs": options = options with { RecurringRuns = int.Parse(Next()) }; break;
                case "--warm-up": options = options with { WarmUp = int.Parse(Next()) }; break;
                case "--tasks": options = options with { Tasks = int.Parse(Next()) }; break;
                case "--callers": options = options with { Callers = int.Parse(Next()) }; break;
                case "--workers": options = options with { WorkersPerProcess = int.Parse(Next()) }; break;
                case "--processes": options = options with { ProcessCounts = [.. Next().Split(',').Select(int.Parse)] }; break;
                case "--recurring": options = options with { RecurringSchedules = int.Parse(Next()) }; break;
                case "--monitor": options = options with { MonitorPath = Next() }; break;
                case "--baselines": options = options with { Baselines = true }; break;
                case "--no-baselines": options = options with { Baselines = false }; break;
                default: throw new ArgumentException($"unknown option {args[i]}; see bench/README.md");
            }
        }
        return options;
    }
}
