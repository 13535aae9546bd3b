namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// One <see cref="ReplicatedRedis"/> for a test class, each test on its own key prefix: starting a pair and waiting for
/// the replica's sync costs more than most of the tests themselves.
/// </summary>
public sealed class ReplicatedRedisFixture : IAsyncLifetime
{
    public ReplicatedRedis Nodes { get; private set; } = null!;

    public async Task InitializeAsync() => Nodes = await ReplicatedRedis.StartAsync();

    /// <summary>
    /// Runs <paramref name="body"/> with the replica stopped (SIGSTOP), so no write is acknowledged; resumes it whatever
    /// happens, and returns once it has caught up, for the next step or test.
    /// </summary>
    public async Task WithReplicaStalledAsync(Func<Task> body)
    {
        Nodes.Replica.Stall();
        try
        {
            await body();
        }
        finally
        {
            Nodes.Replica.Resume();
        }
        await Nodes.WaitInSyncAsync();
    }

    public async Task DisposeAsync()
    {
        if (Nodes is not null) await Nodes.DisposeAsync();
    }
}
