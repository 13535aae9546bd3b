using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Tasks;
using Scheduler.Runtime.Hosting;

namespace Scheduler.IntegrationTests.Infrastructure;

internal static class TestAssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        // A plugin test loads a copy of this assembly into a plugin load context: that copy must not register its own
        // types under the same names (TaskTypes refuses a name used by two types).
        if (AssemblyLoadContext.GetLoadContext(typeof(TestAssemblySetup).Assembly) != AssemblyLoadContext.Default) return;
        // In-process beats and workers need the same thread-pool reserve as the real processes get.
        SchedulerHost.ReserveThreadPool();
        // The task types of the tests' own handlers, known before any test starts: the list of task types is the
        // process's, and tests that expect an error naming every type must not see it grow while they run.
        TaskTypes.Register<BlockingProbe>();
        TaskTypes.Register<StepResultsProbe>();
        TaskTypes.Register<StepAttemptProbe>();
        TaskTypes.Register<StuckProbe>();
    }
}
