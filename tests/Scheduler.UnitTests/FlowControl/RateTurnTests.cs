using Scheduler.Contracts.Flow;

namespace Scheduler.UnitTests.FlowControl;

/// <summary>When each run waiting under a rate limit may start, as <c>scheduler flow</c> and <c>GET /api/flow</c> say it.</summary>
public sealed class RateTurnTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static List<double> Turns(int count, TimeSpan per, DateTimeOffset[] starts, int waiters) =>
        [.. FlowOverviewReader.RateTurns(Enumerable.Range(1, waiters).Select(i => $"w{i}"), starts, count, per, Now).Select(t => (t.Turn - Now).TotalSeconds)];

    [Fact]
    public void One_start_per_30_s_gives_each_waiter_its_own_window_after_the_one_before()
    {
        // Started 14 s ago: the first waiter goes when that start leaves the window, each next one 30 s later.
        Assert.Equal([16, 46, 76, 106], Turns(1, TimeSpan.FromSeconds(30), [Now.AddSeconds(-14)], 4));
    }

    [Fact]
    public void Two_starts_per_5_s_let_two_waiters_go_per_window_as_the_starts_before_them_leave_it()
    {
        // One start 1 s ago leaves room for one now; the next goes as that start leaves, then two per window.
        Assert.Equal([0, 4, 5, 9, 10], Turns(2, TimeSpan.FromSeconds(5), [Now.AddSeconds(-1)], 5));
    }

    [Fact]
    public void With_room_in_the_window_the_waiters_it_has_room_for_may_start_now()
    {
        Assert.Equal([0, 0, 0, 30], Turns(3, TimeSpan.FromSeconds(30), [], 4));
    }
}
