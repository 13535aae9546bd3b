namespace Scheduler.Runtime.Hosting;

/// <summary>
/// Something a process keeps fresh in Redis alongside its heartbeat (e.g. a worker's capabilities): written on every
/// beat, so it expires soon after the process dies, and removed when the process stops.
/// </summary>
public interface IHeartbeatPayload
{
    /// <summary>Writes (and re-arms the expiry of) the payload; called every heartbeat.</summary>
    Task WriteAsync(CancellationToken cancellationToken);

    /// <summary>Removes the payload when the process stops.</summary>
    Task RemoveAsync();
}
