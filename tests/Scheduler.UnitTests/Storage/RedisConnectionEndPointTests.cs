using Scheduler.Contracts.Storage;
using Scheduler.UnitTests.Cli;

namespace Scheduler.UnitTests.Storage;

/// <summary>
/// A malformed address in StackExchange.Redis's syntax is named as malformed, with what is wrong and the accepted
/// form, before any connect: it read as host "bogus::" and was then reported as a Redis that cannot be reached.
/// </summary>
public sealed class RedisConnectionEndPointTests
{
    [Theory]
    [InlineData("bogus:::1", "has more than one ':'")]
    [InlineData("localhost:abc", "port \"abc\"")]
    [InlineData("localhost:99999", "port \"99999\"")]
    [InlineData("bad host:6379", "host \"bad host\"")]
    [InlineData(":6379", "names no host")]
    [InlineData("[::1:6379", "[IPv6 address]:port")]
    [InlineData("127.0.0.1:6379,other:x", "port \"x\"")]
    public void A_malformed_address_is_refused_as_malformed_naming_what_is_wrong_and_the_accepted_form(string text, string named)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse(text));

        Assert.Contains("is malformed", error.Message);
        Assert.Contains(named, error.Message);
        Assert.Contains("host:port[,password=…]", error.Message);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:6379")]
    [InlineData("redis_1:6379,abortConnect=false")]
    [InlineData("127.0.0.1:6379,127.0.0.1:6380,serviceName=m")]
    [InlineData("[::1]:6379")]
    [InlineData("::1")]
    [InlineData("h:6379,password=Top,Secret8")]
    public void Well_formed_addresses_are_still_read(string text) =>
        Assert.NotEmpty(RedisConnection.Parse(text).EndPoints);

    [Fact]
    public void The_rest_of_a_password_holding_a_comma_is_never_checked_as_an_address_nor_shown()
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse("h:x,password=Top,Sec:ret:8"));

        Assert.DoesNotContain("Sec", error.Message);
        Assert.Contains("port \"x\"", error.Message);
    }

    [Fact]
    public async Task The_cli_calls_a_malformed_connection_bad_input_not_unreachable()
    {
        var result = await CliParse.RunAsync("list", "--redis", "bogus:::1");

        Assert.Equal(Scheduler.Cli.ExitCodes.BadInput, result.Code);
        Assert.Contains("\"bogus:::1\" is malformed", result.Err);
        Assert.DoesNotContain("cannot reach", result.Err);
    }
}
