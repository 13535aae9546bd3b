using System.Collections;

namespace Scheduler.Worker.Handlers;

/// <summary>
/// What a process the worker starts (a shell task, an MCP server) inherits: the worker's environment without
/// Scheduler's own settings. Those carry the Redis connection string with its password (<c>SCHEDULER_REDIS</c>,
/// <c>Scheduler__Redis__ConnectionString</c>), the dashboard's key and webhook headers; a command that prints its
/// environment would put them in the run's history for every reader of the dashboard.
/// </summary>
internal static class ChildEnvironment
{
    /// <summary>
    /// Whether <paramref name="name"/> is one of Scheduler's settings (<c>SCHEDULER_*</c>, <c>Scheduler__*</c>,
    /// <c>Scheduler:*</c>, any case), also with the <c>DOTNET_</c> prefix the .NET host reads settings from as well.
    /// </summary>
    public static bool IsSchedulerSetting(string name)
    {
        var setting = name.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase) ? name[HostPrefix.Length..] : name;
        return setting.StartsWith("SCHEDULER_", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("SCHEDULER:", StringComparison.OrdinalIgnoreCase);
    }

    // Host.CreateApplicationBuilder adds DOTNET_-prefixed variables to the configuration with the prefix dropped, so
    // DOTNET_Scheduler__Redis__ConnectionString sets the Redis connection as Scheduler__Redis__ConnectionString does.
    private const string HostPrefix = "DOTNET_";

    /// <summary>Removes Scheduler's settings from <paramref name="environment"/> (a <c>ProcessStartInfo.Environment</c>).</summary>
    public static void RemoveSchedulerSettings(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(IsSchedulerSetting).ToList()) environment.Remove(name);
    }

    /// <summary>
    /// The names of Scheduler's settings in this process's environment, each mapped to null: passed as a child's extra
    /// variables where only additions can be given (the MCP SDK's stdio transport), a null value leaves the variable out.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> Unset() =>
        System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(IsSchedulerSetting)
            .Select(name => new KeyValuePair<string, string?>(name, null));
}
