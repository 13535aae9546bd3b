using System.Collections.Concurrent;
using System.Diagnostics;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>A real component process (beat, worker, dashboard, CLI) started from its built dll; killed with its tree on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output => string.Join('\n', _output);

    public static ChildProcess Start(string project, IEnumerable<string> args, IDictionary<string, string?> environment) =>
        StartDll(TestPaths.ComponentDll(project), args, environment);

    /// <summary>Starts any built .NET program (e.g. a sample app) from its dll.</summary>
    public static ChildProcess StartDll(string dll, IEnumerable<string> args, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child.Append(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child.Append(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a process to completion (e.g. the CLI) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string project, IEnumerable<string> args, IDictionary<string, string?> environment, TimeSpan timeout) =>
        RunDllAsync(TestPaths.ComponentDll(project), args, environment, timeout);

    /// <summary>Runs any built .NET program to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunDllAsync(string dll, IEnumerable<string> args, IDictionary<string, string?> environment, TimeSpan timeout)
    {
        await using var child = StartDll(dll, args, environment);
        using var cts = new CancellationTokenSource(timeout);
        await child._process.WaitForExitAsync(cts.Token);
        child._process.WaitForExit();
        return (child._process.ExitCode, child.Output);
    }

    private void Append(string line)
    {
        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _)) { }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException) { }
        _process.Dispose();
    }
}
