using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Hosting;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Worker.Shell;

/// <summary>Adds the <c>shell</c> task kind: its handler and <see cref="ShellOptions"/>.</summary>
public static partial class ShellWorkerExtensions
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\*?$|^\*$")]
    private static partial System.Text.RegularExpressions.Regex EnvironmentName();

    /// <summary>Runs <c>shell</c> tasks on this worker, within <c>Scheduler:Shell</c>'s limits.</summary>
    public static SchedulerWorkerBuilder AddShell(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        // The fleet's WorkerDeadAfter, for the fence's check below (AddSchedulerWorker registers the same).
        builder.Services.TryAddSingleton(HoldingBeaconSettings.From(configuration.GetValue<TimeSpan?>(HoldingBeaconSettings.WorkerDeadAfterKey)));
        builder.Services.AddOptions<ShellOptions>().Bind(configuration.GetSection(ShellOptions.Section))
            .RefuseUnknownSettings(configuration.GetSection(ShellOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.AllowedCommands.All(c => !string.IsNullOrWhiteSpace(c)),
                "Scheduler:Shell:AllowedCommands holds an empty entry; expected program names (backup) or absolute paths (/usr/local/bin/backup)")
            .Validate(o => o.AllowedEnvironment.All(EnvironmentName().IsMatch),
                "Scheduler:Shell:AllowedEnvironment holds an entry that is not a variable name; expected names such as APP_MODE, or prefixes ending in * such as APP_*")
            .ValidateProblem<ShellOptions, IOptions<ExecutionOptions>>((shell, execution) => !shell.Enabled || shell.KillGracePeriod < execution.Value.StopGracePeriod ? null
                : $"{ShellOptions.Section}:KillGracePeriod ({shell.KillGracePeriod:c}) must be shorter than {ExecutionOptions.Section}:StopGracePeriod "
                + $"({execution.Value.StopGracePeriod:c}): a stopped or timed-out command gets SIGTERM, then KillGracePeriod before SIGKILL, but its attempt "
                + "is given up after StopGracePeriod, before the kill")
            .ValidateProblem<ShellOptions, IOptions<ExecutionOptions>, HoldingBeaconSettings>((shell, execution, fleet) => !shell.Enabled
                    || execution.Value.FenceAfter == TimeSpan.Zero || shell.KillGracePeriod < fleet.LeftAfterFence(execution.Value.FenceAfter) ? null
                : $"{ExecutionOptions.Section}:FenceAfter ({execution.Value.FenceAfter:c}) plus {ShellOptions.Section}:KillGracePeriod ({shell.KillGracePeriod:c}) must end "
                + $"at least {HoldingBeaconSettings.FenceMargin.TotalSeconds:0} s before {HoldingBeaconSettings.WorkerDeadAfterKey} ({fleet.WorkerDeadAfter:c}): "
                + "a fenced command gets SIGTERM, then KillGracePeriod before SIGKILL, and must be gone before Beat starts its run on another worker")
            .ValidateOnStart();
        builder.Services.AddHostedService<ShellGroupReaper>();
        return builder.AddTaskHandler<ShellTask, ShellHandler>();
    }
}
