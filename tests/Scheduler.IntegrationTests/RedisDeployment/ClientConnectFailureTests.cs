using Scheduler.Contracts.Client;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>What an app gets from <see cref="SchedulerClient.ConnectAsync(string, SchedulerClientOptions?, TimeProvider?)"/> when nothing answers.</summary>
public sealed class ClientConnectFailureTests
{
    [Fact]
    public async Task Connecting_where_no_redis_answers_names_the_address_and_what_to_check_without_the_password()
    {
        var port = RedisServer.FreePort();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            SchedulerClient.ConnectAsync($"127.0.0.1:{port},password=hunter2,connectTimeout=500"));

        Assert.StartsWith($"cannot reach Redis at \"127.0.0.1:{port},password=*****,connectTimeout=500\" within 500 ms: check that it runs there", error.Message);
        // StackExchange.Redis's own advice (abortConnect=false) does not apply: ConnectAsync always fails fast at first.
        Assert.DoesNotContain("abortConnect", error.Message);
        Assert.DoesNotContain("hunter2", error.ToString());
        Assert.IsType<RedisConnectionException>(error.InnerException);
    }

    [Fact]
    public async Task A_password_holding_a_comma_is_not_shown_in_part_as_an_address()
    {
        // StackExchange.Redis ends the password at the comma and reads "Secret8" as one more address.
        var port = RedisServer.FreePort();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            SchedulerClient.ConnectAsync($"127.0.0.1:{port},password=Top,Secret8,connectTimeout=500"));

        Assert.StartsWith($"cannot reach Redis at \"127.0.0.1:{port},password=*****", error.Message);
        Assert.DoesNotContain("Secret8", error.Message);
    }
}
