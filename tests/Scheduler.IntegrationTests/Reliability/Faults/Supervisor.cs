using Scheduler.IntegrationTests.EndToEnd;

namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>
/// What a process manager (systemd, a container orchestrator) does for the system: a component process that exits is
/// started again after a short delay under the same name. Exits the harness caused are told apart from the others.
/// </summary>
public sealed class Supervisor : IAsyncDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private readonly ProcessSystem _system;
    private readonly IReadOnlyDictionary<string, Slot> _slots;
    private readonly HashSet<string> _expected = [];
    private readonly HashSet<string> _held = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="system">The started system.</param>
    /// <param name="slots">Process name → how to start it (e.g. "worker1" → Scheduler.Worker).</param>
    public Supervisor(ProcessSystem system, IReadOnlyDictionary<string, Slot> slots)
    {
        _system = system;
        _slots = slots;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Restarts after an exit the harness caused.</summary>
    public int Restarts { get; private set; }

    /// <summary>Exits nobody asked for (crashes), each with the tail of the process's output.</summary>
    public List<string> UnexpectedExits { get; } = [];

    /// <summary>A supervised process: its project and extra arguments.</summary>
    public sealed record Slot(string Project, params string[] Args);

    public IEnumerable<string> Names(string project) => _slots.Where(s => s.Value.Project == project).Select(s => s.Key);

    /// <summary>Every kill -9, with the process id it hit: a worker's id (<c>worker:host:pid:…</c>) names its process.</summary>
    public List<ProcessKill> Kills { get; } = [];

    /// <summary>kill -9 of <paramref name="name"/>; restarted by the supervisor unless <paramref name="hold"/>.</summary>
    public void Kill(string name, bool hold = false) => Fault(name, hold, () =>
    {
        var (pid, at) = (_system[name].Id, DateTimeOffset.UtcNow);
        _system.Kill(name);
        lock (Kills) Kills.Add(new ProcessKill(name, _slots[name].Project, pid, at));
    });

    /// <summary>SIGTERM of <paramref name="name"/>; restarted once it has stopped.</summary>
    public void Terminate(string name) => Fault(name, false, () => _system.Terminate(name));

    /// <summary>Lets held processes (see <see cref="Kill"/>) be restarted.</summary>
    public void Release()
    {
        lock (_gate) _held.Clear();
    }

    /// <summary>True when every slot's current process runs.</summary>
    public bool AllUp()
    {
        lock (_gate) return _slots.Keys.All(name => !_system[name].HasExited);
    }

    private void Fault(string name, bool hold, Action act)
    {
        lock (_gate)
        {
            _expected.Add(name);
            if (hold) _held.Add(name);
            if (!_system[name].HasExited) act();
        }
    }

    private async Task LoopAsync()
    {
        var exitedAt = new Dictionary<string, DateTime>();
        while (!_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                foreach (var (name, slot) in _slots)
                {
                    var process = _system[name];
                    if (!process.HasExited) continue;
                    if (!exitedAt.TryGetValue(name, out var since))
                    {
                        exitedAt[name] = DateTime.UtcNow;
                        if (!_expected.Contains(name))
                            UnexpectedExits.Add($"{name} exited with {process.ExitCode}:\n{Tail(process.Output)}");
                        continue;
                    }
                    if (_held.Contains(name) || DateTime.UtcNow - since < RestartDelay) continue;
                    if (_expected.Remove(name)) Restarts++;
                    exitedAt.Remove(name);
                    _system.Start(name, slot.Project, slot.Args);
                }
            }
            try { await Task.Delay(100, _stop.Token); }
            catch (OperationCanceledException) { }
        }
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
