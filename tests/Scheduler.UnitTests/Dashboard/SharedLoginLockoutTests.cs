using System.Net;
using Scheduler.Dashboard.Security;

namespace Scheduler.UnitTests.Dashboard;

public sealed class SharedLoginLockoutTests
{
    [Theory]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::1")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void Addresses_counted_together_share_one_redis_key(string one, string other) =>
        Assert.Equal(SharedLoginLockout.AddressHash(IPAddress.Parse(one)), SharedLoginLockout.AddressHash(IPAddress.Parse(other)));

    [Fact]
    public void The_redis_key_is_a_hash_that_does_not_spell_the_address()
    {
        var hash = SharedLoginLockout.AddressHash(IPAddress.Parse("203.0.113.7"));
        Assert.Matches("^[0-9a-f]{32}$", hash);
        Assert.NotEqual(hash, SharedLoginLockout.AddressHash(IPAddress.Parse("203.0.113.8")));
        Assert.NotEqual(hash, SharedLoginLockout.AddressHash(null));
    }
}
