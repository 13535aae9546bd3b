using Scheduler.Worker.Execution;
using StackExchange.Redis;

namespace Scheduler.UnitTests.Recovery;

public sealed class BookkeepingTests
{
    [Fact]
    public void Backoff_doubles_from_the_first_delay_and_stops_at_the_cap()
    {
        Assert.Equal(BookkeepingBackoff.First, BookkeepingBackoff.Delay(0, 0));
        Assert.Equal(BookkeepingBackoff.First * 2, BookkeepingBackoff.Delay(1, 0));
        Assert.Equal(BookkeepingBackoff.First * 8, BookkeepingBackoff.Delay(3, 0));
        Assert.Equal(BookkeepingBackoff.Cap, BookkeepingBackoff.Delay(10, 0));
        Assert.Equal(BookkeepingBackoff.Cap, BookkeepingBackoff.Delay(int.MaxValue, 0));
    }

    [Fact]
    public void Jitter_takes_off_at_most_half() =>
        Assert.Equal(BookkeepingBackoff.Cap / 2, BookkeepingBackoff.Delay(40, 1));

    // The exceptions are built as the client builds them; the constructors it prefers need internal types.
#pragma warning disable CS0618
    [Fact]
    public void Redis_being_away_or_not_writable_is_transient_and_a_script_error_is_not()
    {
        Assert.True(Bookkeeping.IsTransient(new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed")));
        Assert.True(Bookkeeping.IsTransient(new RedisTimeoutException("timeout", CommandStatus.Sent)));
        Assert.True(Bookkeeping.IsTransient(new RedisServerException("LOADING Redis is loading the dataset in memory")));
        Assert.True(Bookkeeping.IsTransient(new RedisServerException("OOM command not allowed when used memory > 'maxmemory'.")));
        Assert.True(Bookkeeping.IsTransient(new RedisServerException("READONLY You can't write against a read only replica.")));
        Assert.False(Bookkeeping.IsTransient(new RedisServerException("ERR user_script:3: attempt to compare nil with number")));
        Assert.False(Bookkeeping.IsTransient(new InvalidOperationException("bug")));
    }
#pragma warning restore CS0618
}
