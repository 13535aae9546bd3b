using Scheduler.Contracts.Plugins;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A broken plugin: reading its name throws. Loaded from a copy of this test assembly in a plugins folder.</summary>
public sealed class ThrowingNamePlugin : ISchedulerPlugin
{
    public string Name => throw new InvalidOperationException("no name today");

    public IReadOnlyList<string> Commands => ["run"];

    public Task<string?> RunAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("ran");
}
