namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>The faults the harness injects while the workload runs.</summary>
public enum FaultKind
{
    /// <summary>kill -9 of one worker; the supervisor restarts it.</summary>
    WorkerKill,
    /// <summary>SIGTERM of one worker (it hands its jobs back); the supervisor restarts it.</summary>
    WorkerTerm,
    /// <summary>kill -9 of one Beat; restarted.</summary>
    BeatKill,
    /// <summary>kill -9 of every Beat at once; restarted a few seconds later.</summary>
    AllBeatsKill,
    /// <summary>Redis SHUTDOWN (AOF flushed), started again on the same directory.</summary>
    RedisRestart,
    /// <summary>Redis kill -9 (AOF everysec), started again on the same directory.</summary>
    RedisKill,
    /// <summary>Redis SIGSTOP for longer than the clients' 5 s timeouts, then SIGCONT.</summary>
    RedisStall,
    /// <summary>Redis refuses writes (maxmemory reached, noeviction), then accepts them again.</summary>
    RedisRefuseWrites,
}
