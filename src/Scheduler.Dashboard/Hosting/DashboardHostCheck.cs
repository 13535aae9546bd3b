using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Options;

namespace Scheduler.Dashboard.Hosting;

/// <summary>
/// <c>Scheduler:Dashboard:Host</c> checked before Kestrel binds it: Kestrel reads any name but <c>localhost</c> as "every
/// interface", so a typo (<c>localhots</c>) would open the dashboard to the network, and an address this machine does
/// not have fails with "Cannot assign requested address", naming neither the option nor the value.
/// </summary>
internal sealed class DashboardHostCheck : IValidateOptions<SchedulerDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerDashboardOptions options) =>
        Problem(options.Host) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>Null when <paramref name="host"/> can be bound; otherwise what is wrong and what is accepted.</summary>
    public static string? Problem(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return "Scheduler:Dashboard:Host is empty; expected localhost, an address of this machine, or 0.0.0.0 for every interface";
        if (host is "localhost" or "*" or "+") return null;
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
            return $"Scheduler:Dashboard:Host \"{host}\" is not an IP address (Kestrel would read the name as every interface); expected localhost, an address of this machine, or 0.0.0.0 for every interface";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(address)) return null;
        var local = LocalAddresses();
        return local.Count == 0 || local.Contains(address) ? null
            : $"Scheduler:Dashboard:Host {host} is not an address of this machine; expected localhost, 0.0.0.0 for every interface, or one of: {string.Join(", ", local)}";
    }

    private static List<IPAddress> LocalAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)];
        }
        catch (NetworkInformationException)
        {
            // Unknown here: Kestrel's own error tells.
            return [];
        }
    }
}
