namespace Scheduler.IntegrationTests.Reliability.Faults;

public sealed partial class FaultHarness
{
    private int _turn;

    /// <summary>Injects <paramref name="kind"/>, undoes it (restart, resume, restore) and records it.</summary>
    public async Task InjectAsync(FaultKind kind)
    {
        var at = DateTimeOffset.UtcNow;
        var turn = Interlocked.Increment(ref _turn);
        string Pick(string project) { var names = Supervisor.Names(project).ToList(); return names[turn % names.Count]; }
        switch (kind)
        {
            case FaultKind.WorkerKill:
                Supervisor.Kill(Pick("Scheduler.Worker"));
                break;
            case FaultKind.WorkerTerm:
                Supervisor.Terminate(Pick("Scheduler.Worker"));
                break;
            case FaultKind.BeatKill:
                Supervisor.Kill(Pick("Scheduler.Beat"));
                break;
            case FaultKind.AllBeatsKill:
                foreach (var beat in Supervisor.Names("Scheduler.Beat")) Supervisor.Kill(beat, hold: true);
                await Task.Delay(TimeSpan.FromSeconds(3));
                Supervisor.Release();
                break;
            case FaultKind.RedisRestart:
                await Redis.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(2));
                await Redis.StartAgainAsync();
                break;
            case FaultKind.RedisKill:
                await Redis.KillAsync();
                at = DateTimeOffset.UtcNow;
                await Task.Delay(TimeSpan.FromSeconds(1));
                await Redis.StartAgainAsync();
                break;
            case FaultKind.RedisStall:
                Redis.Stall();
                await Task.Delay(TimeSpan.FromSeconds(7));
                Redis.Resume();
                break;
            case FaultKind.RedisRefuseWrites:
                await Redis.RefuseWritesAsync(true);
                await Task.Delay(TimeSpan.FromSeconds(4));
                await Redis.RefuseWritesAsync(false);
                break;
        }
        lock (_faults) _faults.Add(new FaultEvent(kind.ToString(), at, DateTimeOffset.UtcNow));
    }
}
