using System.Net;
using Microsoft.Extensions.Time.Testing;
using Scheduler.Dashboard.Security;

namespace Scheduler.UnitTests.Dashboard;

public sealed class LoginLockoutTests
{
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");
    private static readonly LockoutOptions Settings = new() { MaxFailures = 3, Window = TimeSpan.FromMinutes(1), Duration = TimeSpan.FromMinutes(10) };

    [Fact]
    public void The_failure_that_reaches_the_limit_locks_the_address_for_the_duration_then_it_has_every_try_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));
        var lockout = new LoginLockout(time);
        Assert.False(lockout.Failed(Client, Settings));
        Assert.False(lockout.Failed(Client, Settings));
        Assert.Null(lockout.LockedFor(Client, Settings));
        Assert.True(lockout.Failed(Client, Settings));
        Assert.Equal(TimeSpan.FromMinutes(10), lockout.LockedFor(Client, Settings));
        Assert.Null(lockout.LockedFor(IPAddress.Parse("203.0.113.8"), Settings));

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.False(lockout.Failed(Client, Settings));
        Assert.Equal(TimeSpan.FromMinutes(1), lockout.LockedFor(Client, Settings));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(lockout.LockedFor(Client, Settings));
        Assert.False(lockout.Failed(Client, Settings));
        Assert.False(lockout.Failed(Client, Settings));
        Assert.True(lockout.Failed(Client, Settings));
    }

    [Fact]
    public void Failures_older_than_the_window_no_longer_count()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));
        var lockout = new LoginLockout(time);
        Assert.False(lockout.Failed(Client, Settings));
        Assert.False(lockout.Failed(Client, Settings));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(lockout.Failed(Client, Settings));
        Assert.False(lockout.Failed(Client, Settings));
        Assert.Null(lockout.LockedFor(Client, Settings));
        Assert.True(lockout.Failed(Client, Settings));
    }

    [Fact]
    public void Turned_off_it_never_locks()
    {
        var lockout = new LoginLockout(new FakeTimeProvider());
        var off = new LockoutOptions { Enabled = false, MaxFailures = 1 };
        Assert.False(lockout.Failed(Client, off));
        Assert.Null(lockout.LockedFor(Client, off));
    }

    [Theory]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("127.45.6.7", "127.0.0.1")]
    [InlineData("::1", "127.0.0.1")]
    [InlineData("::ffff:127.9.9.9", "127.0.0.1")]
    public void Addresses_count_as_ipv4_or_by_their_ipv6_slash_64_and_every_loopback_one_as_one(string address, string key) =>
        Assert.Equal(IPAddress.Parse(key), LoginLockout.Key(IPAddress.Parse(address)));
}
