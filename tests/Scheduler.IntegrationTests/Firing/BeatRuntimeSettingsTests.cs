using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// The runtime settings Beat is built with, as the built process reads them (its runtimeconfig.json): each was chosen by
/// a measurement in bench/README.md, and losing one silently costs Beat CPU it was measured to save.
/// </summary>
public sealed class BeatRuntimeSettingsTests
{
    [Fact]
    public void Beat_runs_the_server_gc_and_a_thread_pool_that_does_not_spin_for_work()
    {
        var config = Path.ChangeExtension(TestPaths.ComponentDll("Scheduler.Beat"), ".runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
