using System.Globalization;

namespace Scheduler.Runtime.Hosting;

/// <summary>Identity of this process as seen by others (health checks, run history).</summary>
public sealed class ProcessIdentity(string role)
{
    public string Role { get; } = role;
    public string Id { get; } = $"{role}:{Environment.MachineName.ToLowerInvariant()}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// The <see cref="Id"/> of the process running Hangfire server <paramref name="serverId"/>, or null when that server
    /// is not one of ours. Our servers are named after <see cref="Id"/>, and Hangfire 1.8 makes the server id
    /// "{name}:{pid}:{guid}" in lower case, so one of ours repeats its pid: "role:machine:pid:xxxxxx:pid:guid".
    /// </summary>
    public static string? OfHangfireServer(string? serverId)
    {
        var parts = serverId?.Split(':');
        return parts is [var role, var machine, var pid, var tag, var serverPid, var guid]
            && role.Length > 0 && machine.Length > 0 && tag.Length == 6 && pid == serverPid
            && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _) && Guid.TryParse(guid, out _)
            ? $"{role}:{machine}:{pid}:{tag}"
            : null;
    }
}
