using System.Runtime.CompilerServices;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Tasks;
using Scheduler.Runtime.Hosting;

namespace Scheduler.IntegrationTests.Infrastructure;

internal static class TestAssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        // In-process beats and workers need the same thread-pool reserve as the real processes get.
        SchedulerHost.ReserveThreadPool();
        // The task types of the tests' own handlers, known before any test starts: the list of task types is the
        // process's, and tests that expect an error naming every type must not see it grow while they run.
        TaskTypes.Register<BlockingProbe>();
        TaskTypes.Register<StepResultsProbe>();
        TaskTypes.Register<StepAttemptProbe>();
    }
}
