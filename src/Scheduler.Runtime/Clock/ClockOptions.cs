using System.ComponentModel.DataAnnotations;

namespace Scheduler.Runtime.Clock;

/// <summary>How a process follows Redis's clock (<c>Scheduler:Clock</c>). Beat, workers and the dashboard read it.</summary>
public sealed class ClockOptions
{
    public const string Section = "Scheduler:Clock";

    /// <summary>
    /// Test only, never for production: shifts this process's host clock by this many milliseconds (positive: ahead), so a
    /// test can run a process whose clock is wrong the way a badly synchronised host's is. Read from the environment.
    /// </summary>
    internal const string TestHostShiftVariable = "SCHEDULER_TEST_HOST_CLOCK_SHIFT_MS";

    /// <summary>How often Redis's clock is read again (a host clock drifts, is stepped by NTP, Redis fails over).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many <c>TIME</c> round trips each reading takes; the shortest one's measurement is kept.</summary>
    [Range(1, 20)]
    public int SamplesPerReading { get; set; } = 4;

    /// <summary>A host clock off Redis's by more than this is logged as a warning (once, and again when it changes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan WarnAbove { get; set; } = TimeSpan.FromSeconds(1);
}
