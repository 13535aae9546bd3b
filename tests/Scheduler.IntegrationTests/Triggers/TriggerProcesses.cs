using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>
/// One beat, one worker and the dashboard as processes, shared by the tests of a class (they use distinct task ids):
/// starting processes is most of such a test's time.
/// </summary>
public sealed class TriggerProcesses : IAsyncLifetime
{
    public RedisTestContext Redis { get; private set; } = null!;
    public ProcessSystem System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisTestContext.CreateAsync("triggers");
        System = await ProcessSystem.StartAsync(Redis, beats: 1, workers: 1);
    }

    public async Task DisposeAsync()
    {
        if (System is not null) await System.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
    }
}
