namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>How big a fault run is and which faults it injects.</summary>
/// <param name="Faults">Injected in this order, cycled until <paramref name="Duration"/> is over (each at least once).</param>
/// <param name="Duration">The span over which the work falls due and faults are injected.</param>
/// <param name="Gap">Quiet time after each fault, so its recovery is seen on its own.</param>
/// <param name="Shell">One-shot shell tasks (<c>sleep 1–2</c>), due spread over the run.</param>
/// <param name="Notifications">One-shot notifications, due spread over the run.</param>
/// <param name="Sequences">One-shot sequences (shell step, then notification), due spread over the run.</param>
/// <param name="Recurring">Recurring notifications (every 2 s) with <paramref name="MaxRuns"/>, starting spread over the run.</param>
/// <param name="InstantEvery">One notification due at once is created this often during the run.</param>
/// <param name="Settle">Longest wait after the run for every schedule to finish.</param>
public sealed record FaultScenario(
    IReadOnlyList<FaultKind> Faults,
    TimeSpan Duration,
    TimeSpan Gap,
    int Shell,
    int Notifications,
    int Sequences,
    int Recurring,
    int MaxRuns,
    TimeSpan InstantEvery,
    TimeSpan Settle,
    int Seed = 7)
{
    /// <summary>Every fault kind once, quickly, over a small workload: sized for CI.</summary>
    public static FaultScenario Quick => new(Enum.GetValues<FaultKind>(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1),
        Shell: 24, Notifications: 30, Sequences: 8, Recurring: 6, MaxRuns: 4, InstantEvery: TimeSpan.FromMilliseconds(700),
        Settle: TimeSpan.FromSeconds(60));

    /// <summary>Every fault kind, cycled for <paramref name="minutes"/>, with a bigger workload: the soak.</summary>
    public static FaultScenario Soak(double minutes) => new(Enum.GetValues<FaultKind>(), TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(8),
        Shell: (int)(60 * minutes), Notifications: (int)(120 * minutes), Sequences: (int)(20 * minutes), Recurring: (int)(6 * minutes),
        MaxRuns: 6, InstantEvery: TimeSpan.FromMilliseconds(500), Settle: TimeSpan.FromSeconds(180));
}
