using System.Runtime.CompilerServices;
using Scheduler.Runtime.Hosting;

namespace Scheduler.IntegrationTests.Infrastructure;

internal static class TestAssemblySetup
{
    /// <summary>In-process beats and workers need the same thread-pool reserve as the real processes get.</summary>
    [ModuleInitializer]
    internal static void Initialize() => SchedulerHost.ReserveThreadPool();
}
