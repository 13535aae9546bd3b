using Scheduler.Beat.Retention;

namespace Scheduler.UnitTests.Retention;

public sealed class RetentionScanSliceTests
{
    [Fact]
    public void A_sweep_reads_every_task_once_per_seventh_of_the_retention_or_per_interval_when_longer_and_at_least_a_page()
    {
        var (interval, week) = (TimeSpan.FromMinutes(10), TimeSpan.FromDays(7));
        // A week's retention, sweeps every 10 minutes: a day to read every task, 144 sweeps.
        Assert.Equal(6_945, FinishedTaskSweeper.ScanSlice(1_000_000, interval, week));
        Assert.Equal(500, FinishedTaskSweeper.ScanSlice(10_000, interval, week));
        Assert.Equal(500, FinishedTaskSweeper.ScanSlice(0, interval, week));
        // A retention shorter than seven intervals: every sweep reads every task.
        Assert.Equal(1_000_000, FinishedTaskSweeper.ScanSlice(1_000_000, interval, TimeSpan.FromMinutes(30)));
        Assert.Equal(1_000_000, FinishedTaskSweeper.ScanSlice(1_000_000, interval, TimeSpan.FromSeconds(1)));
        Assert.Equal(500_000, FinishedTaskSweeper.ScanSlice(1_000_000, interval, TimeSpan.FromMinutes(140)));
    }
}
