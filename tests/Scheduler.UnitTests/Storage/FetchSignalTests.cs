using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

public sealed class FetchSignalTests
{
    [Fact]
    public void An_announcement_after_a_worker_read_the_generation_and_before_it_waits_ends_the_wait_at_once()
    {
        var signal = new FetchSignal();
        var seen = signal.Generation;
        signal.Announce();

        // The fetch timeout is an hour: only the announcement can end this wait.
        var waited = Task.Run(() => signal.Wait(seen, TimeSpan.FromHours(1), CancellationToken.None));
        Assert.True(waited.Wait(TimeSpan.FromSeconds(10)), "the announcement made before the wait was lost");
    }

    [Fact]
    public void A_generation_read_after_an_announcement_waits_for_the_next_one()
    {
        var signal = new FetchSignal();
        signal.Announce();
        var seen = signal.Generation;

        var waiting = Task.Run(() => signal.Wait(seen, TimeSpan.FromHours(1), CancellationToken.None));
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(200)));
        signal.Announce();
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_wait_ends_at_its_timeout_or_when_the_worker_stops_without_throwing()
    {
        var signal = new FetchSignal();
        var timedOut = Task.Run(() => signal.Wait(signal.Generation, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.True(timedOut.Wait(TimeSpan.FromSeconds(10)));

        using var stop = new CancellationTokenSource();
        var waiting = Task.Run(() => signal.Wait(signal.Generation, TimeSpan.FromHours(1), stop.Token));
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(100)));
        stop.Cancel();
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(10)));
        Assert.Null(waiting.Exception);
    }

    [Fact]
    public void An_announcement_wakes_as_many_waiting_workers_as_it_announces_jobs_and_owes_no_wake_up_beyond_them()
    {
        var signal = new FetchSignal();
        var seen = signal.Generation;
        var waiting = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
            () => signal.Wait(seen, TimeSpan.FromHours(1), CancellationToken.None), TaskCreationOptions.LongRunning)).ToList();
        Assert.True(SpinWait.SpinUntil(() => signal.Waiting == 4, TimeSpan.FromSeconds(10)));

        signal.Announce();
        Assert.True(SpinWait.SpinUntil(() => waiting.Count(w => w.IsCompleted) == 1, TimeSpan.FromSeconds(10)));
        Thread.Sleep(100);
        Assert.Equal(3, signal.Waiting);
        Assert.Single(waiting, w => w.IsCompleted);

        // A batch's count: two more jobs wake two more workers, and only two.
        signal.Announce(2);
        Assert.True(SpinWait.SpinUntil(() => waiting.Count(w => w.IsCompleted) == 3, TimeSpan.FromSeconds(10)));
        Thread.Sleep(100);
        Assert.Equal(1, signal.Waiting);

        // More jobs than waiting workers wake them all and leave nothing owed: the next wait still waits.
        signal.Announce(5);
        Assert.True(Task.WhenAll(waiting).Wait(TimeSpan.FromSeconds(10)));
        var generation = signal.Generation;
        var next = Task.Run(() => signal.Wait(generation, TimeSpan.FromHours(1), CancellationToken.None));
        Assert.True(SpinWait.SpinUntil(() => signal.Waiting == 1, TimeSpan.FromSeconds(10)));
        Assert.False(next.Wait(TimeSpan.FromMilliseconds(200)));
        signal.Announce();
        Assert.True(next.Wait(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("2f1c0f6e-7d1b-4f0e-9a53-0c5b8f7c6a11", 1)]
    [InlineData("12345", 1)]
    [InlineData("+7", 7)]
    [InlineData("+0", 1)]
    [InlineData("+x", 1)]
    [InlineData("", 1)]
    public void A_fetch_channel_message_announces_one_job_unless_it_is_a_batch_count(string message, int jobs)
    {
        Assert.Equal(jobs, FetchWakeUps.JobsIn(message));
        Assert.Equal(7, FetchWakeUps.JobsIn(FetchWakeUps.MoreJobs(7)));
    }
}
