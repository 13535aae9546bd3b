using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using StackExchange.Redis;

namespace Scheduler.Runtime.Clock;

/// <summary>
/// Publishes, with each heartbeat, how far this host's clock is from Redis's, so <c>/health</c> and <c>scheduler health</c>
/// can say "worker-2's clock is 4.1 s ahead" while the process itself goes by Redis's clock.
/// </summary>
internal sealed class ClockOffsetPayload(IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, RedisClock clock) : IHeartbeatPayload
{
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (!clock.Measured) return;
        await new ClockOffsets(redis, keys).WriteAsync(identity.Id, clock.Offset);
    }

    public Task RemoveAsync() => new ClockOffsets(redis, keys).RemoveAsync(identity.Id);
}
