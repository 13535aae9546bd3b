using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Shell;

/// <summary>
/// Runs a <see cref="ShellTask"/> as a child process in its own process group. Cancellation (soft timeout, cancel,
/// shutdown) sends SIGTERM to the group, then SIGKILL after the grace period or when the attempt is abandoned at its
/// hard timeout, so no grandchild outlives the attempt.
/// </summary>
internal sealed partial class ShellHandler(IOptions<ShellOptions> options, TimeProvider time, ILogger<ShellHandler> logger,
    IOptions<ExecutionOptions>? execution = null) : ITaskHandler<ShellTask>
{
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

    public async Task<string?> HandleAsync(ShellTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (program, arguments) = task.UseShell
            ? ("/bin/sh", (IEnumerable<string>)["-c", task.Command, "sh", .. task.Args ?? []])
            : (task.Command, task.Args ?? []);
        program = CommandAllowList.Resolve(settings, program, task.UseShell, task.WorkingDirectory, task.Environment);

        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = task.WorkingDirectory ?? "",
        };
        var ownGroup = ProcessGroup.SetsidPath is not null;
        if (ownGroup)
        {
            // --wait: should setsid ever have to fork, it still exits with the command's exit code.
            start.FileName = ProcessGroup.SetsidPath!;
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add(program);
        }
        else start.FileName = program;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        ChildEnvironment.RemoveSchedulerSettings(start.Environment);
        using var triggerFiles = Triggers.TriggerEnvironment.Apply(start.Environment, context.Trigger);
        foreach (var (name, value) in task.Environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        // Through setsid a missing program would not fail Process.Start but exit 127 and be retried (ProgramLookup).
        if (ownGroup && ProgramLookup.Problem(program, task.WorkingDirectory, start.Environment.TryGetValue("PATH", out var path) ? path : null) is { } problem)
            throw new NonRetryableTaskException(problem);

        // The process gets its own span under the attempt, so a trace shows the command, its pid and exit code.
        using var span = WorkerTelemetry.Source.StartActivity("scheduler.shell.process");
        span?.SetTag("process.executable.name", program);
        using var process = new Process { StartInfo = start };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NonRetryableTaskException($"shell command \"{program}\" could not be started: {e.Message}", e);
        }
        // Listed while it runs, so that the host's other workers kill the group should this worker be killed outright:
        // first thing, as a kill between the start and the listing leaves the command to run beside the run's next start.
        using var listed = ownGroup ? ShellGroupRegistry.Track(process.Id) : null;
        LogStarted(context.TaskId, process.Id, program);

        var stdout = CappedReader.ReadAsync(process.StandardOutput, settings.MaxOutputLength);
        var stderr = CappedReader.ReadAsync(process.StandardError, settings.MaxOutputLength);
        var stdin = WriteStdinAsync(process, task.Stdin);

        // Set when a cancellation (soft timeout, cancel, shutdown) signals the command while it still runs (as far as
        // .NET has noticed its exit). Only a command so signalled that then fails was cut short; one that exits 0 did its
        // work (it had exited by itself, e.g. the token fired while its output was drained, or it finished on SIGTERM),
        // and reporting it cancelled would run it again.
        var interrupted = new StrongBox<bool>();
        using var terminate = cancellationToken.Register(() =>
        {
            interrupted.Value = !process.HasExited;
            ProcessGroup.Terminate(process, ownGroup);
        });
        using var kill = context.Abandoned.Register(() => ProcessGroup.Kill(process, ownGroup));
        using var killAfterGrace = time.CreateTimer(_ => ProcessGroup.Kill(process, ownGroup), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var escalation = cancellationToken.Register(() => killAfterGrace.Change(settings.KillGracePeriod, Timeout.InfiniteTimeSpan));
        try
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            // Whatever happened, nothing started by this attempt may outlive it (e.g. `cmd &` left running).
            ProcessGroup.Kill(process, ownGroup);
        }
        // Input still unwritten once the command exited is held by a process that escaped the group (a daemon that kept
        // stdin without reading it): waiting for it would hold the attempt until that process ends, so it is left.
        await Task.WhenAny(stdin, Task.Delay(OutputDrainLimit, time));
        var output = await WithinAsync(stdout);
        var errors = await WithinAsync(stderr);
        terminate.Dispose();
        span?.SetTag("process.pid", process.Id);
        span?.SetTag("process.exit.code", process.ExitCode);
        var result = ShellResultText.Compose(process.ExitCode, output, errors, (execution?.Value ?? new ExecutionOptions()).MaxResultLength);
        // Cut short: recorded timed out or cancelled, with what the command had written by then.
        if (Volatile.Read(ref interrupted.Value) && process.ExitCode != 0 && cancellationToken.IsCancellationRequested)
            throw new TaskInterruptedException(result, cancellationToken);
        if (process.ExitCode != 0) throw new ShellCommandFailedException(process.ExitCode, result);
        return result;
    }

    private static async Task WriteStdinAsync(Process process, string? input)
    {
        try
        {
            if (input is not null) await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { } // the command exited without reading its input
    }

    /// <summary>Output pipes close when the last holder exits; a process that escaped the group must not hang the attempt.</summary>
    private async Task<string> WithinAsync(Task<string> reading) =>
        await Task.WhenAny(reading, Task.Delay(OutputDrainLimit, time)) == reading ? await reading : "…[output still open when the command exited]";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} started process {Pid}: {Program}")]
    private partial void LogStarted(string taskId, int pid, string program);
}
