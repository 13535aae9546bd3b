using System.Text.Json;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Tasks;

namespace Scheduler.SamplePlugin;

/// <summary>
/// Demonstrates the plugin contract. Commands: <c>echo</c> (returns its arguments as JSON), <c>fail</c> (throws
/// <c>message</c>), <c>fail-once</c> (fails until the file named by <c>marker</c> exists, creating it),
/// <c>sleep</c> (waits <c>ms</c> milliseconds, honouring cancellation unless <c>ignoreCancellation</c> is "true"),
/// <c>crash</c> (kills the whole worker process: the poison task of the reliability tests).
/// Declared schedules: those listed in <c>sample-schedules.json</c> beside the dll (a JSON array of
/// <see cref="PluginSchedule"/>), none without it; a file, so a demo or test can change them without rebuilding. A plugin
/// of your own would return them from code (see README, "Plugins that schedule their own work").
/// </summary>
public sealed class SamplePlugin : ISchedulerPlugin
{
    public const string SchedulesFile = "sample-schedules.json";

    public string Name => "sample";

    public IReadOnlyList<string> Commands { get; } = ["echo", "fail", "fail-once", "sleep", "crash"];

    public IReadOnlyList<PluginSchedule> Schedules
    {
        get
        {
            var file = Path.Combine(Path.GetDirectoryName(typeof(SamplePlugin).Assembly.Location)!, SchedulesFile);
            return File.Exists(file)
                ? JsonSerializer.Deserialize<List<PluginSchedule>>(File.ReadAllText(file), TaskTypes.JsonOptions) ?? []
                : [];
        }
    }

    public async Task<string?> RunAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case "echo":
                return JsonSerializer.Serialize(arguments);
            case "fail":
                throw new InvalidOperationException(arguments.GetValueOrDefault("message") ?? "the sample plugin was asked to fail");
            case "fail-once":
                var marker = arguments.GetValueOrDefault("marker") ?? throw new ArgumentException("fail-once needs a \"marker\" file path");
                if (File.Exists(marker)) return "succeeded on a later attempt";
                await File.WriteAllTextAsync(marker, "failed once", cancellationToken);
                throw new InvalidOperationException("first attempt fails on purpose");
            case "sleep":
                var ms = int.Parse(arguments.GetValueOrDefault("ms") ?? "1000");
                var ignore = arguments.GetValueOrDefault("ignoreCancellation") == "true";
                await Task.Delay(ms, ignore ? CancellationToken.None : cancellationToken);
                return $"slept {ms} ms";
            case "crash":
                Environment.FailFast("the sample plugin's crash command was run");
                return null;
            default:
                throw new ArgumentException($"unknown command \"{command}\"");
        }
    }
}
