using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.UnitTests.Storage;

public sealed class RedisFailureTests
{
    [Fact]
    public void A_timeout_names_the_server_the_command_and_the_wait_not_the_clients_internals()
    {
        var timeout = new RedisTimeoutException(
            "Timeout awaiting response (outbound=0KiB, inbound=0KiB, 7016ms elapsed, timeout is 5000ms), command=PING, next: PING, inst: 0, qu: 0, qs: 1, " +
            "aw: False, bw: SpinningDown, rs: ReadAsync, ws: Idle, in: 0, serverEndpoint: localhost:6431, conn-sec: 12.3, mc: 1/1/0, " +
            "clientName: vm(SE.Redis-v2.8.0), IOCP: (Busy=0,Free=1000,Min=128,Max=1000), WORKER: (Busy=1,Free=32766,Min=128,Max=32767), " +
            "v: 2.8.0 (Please take a look at this article for some common client-side issues that can cause timeouts: https://stackexchange.github.io/StackExchange.Redis/Timeouts)",
            CommandStatus.Sent);

        Assert.Equal("Redis at localhost:6431 did not answer to PING within 5000 ms (busy, paused, or the network is slow); try again shortly", RedisFailure.Describe(timeout));
    }

    [Fact]
    public void A_connection_failure_names_the_server_and_the_kind_of_failure()
    {
        var refused = new RedisConnectionException(ConnectionFailureType.UnableToConnect,
            "No connection is active/available to service this operation: PING; UnableToConnect on localhost:6431/Interactive, Initializing/NotStarted, " +
            "last: NONE, origin: BeginConnectAsync, outstanding: 0, last-read: 0s ago, IOCP: (Busy=0), v: 2.8.0");

        Assert.Equal("Redis at localhost:6431 cannot be reached (unable to connect); check that it runs and the connection string", RedisFailure.Describe(refused));
    }

    [Fact]
    public void Any_other_failure_keeps_its_first_line() =>
        Assert.Equal("the first line", RedisFailure.Describe(new TimeoutException("the first line\nthe second")));
}
