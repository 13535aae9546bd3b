using Scheduler.Contracts.Plugins;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A broken plugin: it has a name but its command list is null. Loaded as <see cref="ThrowingNamePlugin"/> is.</summary>
public sealed class NullCommandsPlugin : ISchedulerPlugin
{
    public string Name => "null-commands";

    public IReadOnlyList<string> Commands => null!;

    public Task<string?> RunAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("ran");
}
