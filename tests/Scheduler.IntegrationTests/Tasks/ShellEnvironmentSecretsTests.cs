using System.Text.Json;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// A shell task's environment leaves out the worker's own Scheduler settings. The settings are put in this process's
/// environment, as a deployment passes them, so the test runs apart from the others (<see cref="ProcessWideState"/>).
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class ShellEnvironmentSecretsTests
{
    [Fact]
    public async Task Command_does_not_inherit_the_workers_scheduler_settings_such_as_the_redis_password()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-secrets");
        // As a deployment passes them: the connection string with its password, and settings in Scheduler__ form.
        Environment.SetEnvironmentVariable("SCHEDULER_REDIS_PROBE", "redis://:hunter2@127.0.0.1:1");
        Environment.SetEnvironmentVariable("Scheduler__Dashboard__Access__ApiKey_PROBE", "key-hunter3");
        try
        {
            await using var system = await InProcessSystem.StartAsync(redis);
            var client = redis.CreateClient();

            var runs = await TaskRuns.RunAsync(client, new ShellTask("env", [])
            {
                Environment = new Dictionary<string, string> { ["SCHEDULER_OWN"] = "given by the task" }, Execution = TaskRuns.Fast(),
            });

            using var result = JsonDocument.Parse(Assert.Single(runs).Result!);
            var environment = result.RootElement.GetProperty("stdout").GetString()!;
            Assert.DoesNotContain("hunter2", environment);
            Assert.DoesNotContain("key-hunter3", environment);
            // The task's own variables still reach it, whatever their name, and so does the rest of the environment.
            Assert.Contains("SCHEDULER_OWN=given by the task", environment);
            Assert.Contains("PATH=", environment);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SCHEDULER_REDIS_PROBE", null);
            Environment.SetEnvironmentVariable("Scheduler__Dashboard__Access__ApiKey_PROBE", null);
        }
    }
}
