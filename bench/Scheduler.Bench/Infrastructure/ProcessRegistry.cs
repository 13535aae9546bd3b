using System.Collections.Concurrent;
using System.Diagnostics;

namespace Scheduler.Bench.Infrastructure;

/// <summary>
/// Every process the bench starts (redis-server, Beat, workers, Hangfire servers, node). Each is stopped by its own
/// id when its scenario ends; <see cref="KillAll"/> runs on exit and Ctrl-C so nothing outlives the bench.
/// </summary>
internal sealed class ProcessRegistry
{
    private readonly ConcurrentDictionary<int, Tracked> _processes = new();

    public sealed class Tracked(string name, Process process)
    {
        private readonly ConcurrentQueue<string> _output = new();
        public string Name { get; } = name;
        public Process Process { get; } = process;
        public string Output => string.Join('\n', _output);

        internal void Append(string? line)
        {
            if (line is null) return;
            _output.Enqueue(line);
            while (_output.Count > 300 && _output.TryDequeue(out _)) { }
        }
    }

    public ProcessRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    public Tracked Start(string name, ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name} ({start.FileName})");
        var tracked = new Tracked(name, process);
        _processes[process.Id] = tracked;
        // Output is always drained: a full pipe would stall the child and distort the measurement.
        process.OutputDataReceived += (_, e) => tracked.Append(e.Data);
        process.ErrorDataReceived += (_, e) => tracked.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tracked;
    }

    public async Task StopAsync(Tracked tracked)
    {
        Kill(tracked.Process);
        try { await tracked.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token); }
        catch (OperationCanceledException) { }
        _processes.TryRemove(tracked.Process.Id, out _);
        tracked.Process.Dispose();
    }

    public void KillAll()
    {
        foreach (var (_, tracked) in _processes) Kill(tracked.Process);
        _processes.Clear();
    }

    private static void Kill(Process process)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }
}
