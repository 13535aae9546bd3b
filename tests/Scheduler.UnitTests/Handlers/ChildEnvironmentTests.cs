using Scheduler.Worker.Handlers;

namespace Scheduler.UnitTests.Handlers;

/// <summary>Which variables a shell command or MCP server does not inherit: every form .NET reads Scheduler's settings from.</summary>
public sealed class ChildEnvironmentTests
{
    [Theory]
    [InlineData("SCHEDULER_REDIS")]
    [InlineData("Scheduler__Redis__ConnectionString")]
    [InlineData("scheduler__dashboard__access__apikey")]
    // The host also reads DOTNET_-prefixed variables (prefix dropped) and names with ':' as written.
    [InlineData("DOTNET_Scheduler__Redis__ConnectionString")]
    [InlineData("dotnet_scheduler__webhooks__ops__headers__authorization")]
    [InlineData("Scheduler:Redis:ConnectionString")]
    [InlineData("DOTNET_Scheduler:Redis:ConnectionString")]
    public void A_variable_the_worker_reads_as_a_scheduler_setting_is_left_out(string name)
    {
        Assert.True(ChildEnvironment.IsSchedulerSetting(name));

        var environment = new Dictionary<string, string?> { [name] = "secret", ["PATH"] = "/usr/bin" };
        ChildEnvironment.RemoveSchedulerSettings(environment);

        Assert.Equal(["PATH"], environment.Keys);
    }

    [Theory]
    [InlineData("PATH")]
    [InlineData("DOTNET_ROOT")]
    [InlineData("DOTNET_SchedulerX")]
    [InlineData("SCHEDULERX")]
    [InlineData("MY_SCHEDULER_TOKEN")]
    public void Other_variables_are_inherited(string name) => Assert.False(ChildEnvironment.IsSchedulerSetting(name));
}
