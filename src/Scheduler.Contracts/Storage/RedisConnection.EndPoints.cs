using System.Globalization;
using System.Net;

namespace Scheduler.Contracts.Storage;

public static partial class RedisConnection
{
    /// <summary>
    /// Checks the addresses of a connection in StackExchange.Redis's syntax. That library reads whatever stands before
    /// an address's last ':' as a host name ("bogus:::1" is host "bogus::", port 1), so a malformed address was only found
    /// by a connect that failed, and was reported as a Redis that cannot be reached.
    /// </summary>
    /// <exception cref="FormatException">An address is not host[:port], an IP address, or [IPv6]:port; never shows a password.</exception>
    private static void CheckEndPoints(string text)
    {
        // The masked text: the rest of a password holding a comma would read as an address, and must not be echoed.
        foreach (var part in Mask(text).Split(','))
        {
            var address = part.Trim();
            if (address.Length == 0 || address.Contains('=') || address.Contains("*****", StringComparison.Ordinal)
                || address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)) continue;
            if (EndPointProblem(address) is { } problem)
                throw new FormatException($"the Redis connection {Describe(text)} is malformed: {problem}; {Accepted}");
        }
    }

    private static string? EndPointProblem(string address)
    {
        if (address.StartsWith('['))
            return IPEndPoint.TryParse(address, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? null : $"the address \"{address}\" is not [IPv6 address]:port, e.g. [::1]:6379";
        // A bare IPv6 address, without a port, is read as one.
        if (address.Count(c => c == ':') > 1)
            return IPAddress.TryParse(address, out _)
                ? null : $"the address \"{address}\" has more than one ':'; expected host:port (an IPv6 address in brackets, e.g. [::1]:6379)";
        var colon = address.IndexOf(':');
        var host = colon < 0 ? address : address[..colon];
        if (host.Length == 0) return $"the address \"{address}\" names no host";
        if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            return $"the host \"{host}\" is not a host name or IP address";
        var port = colon < 0 ? null : address[(colon + 1)..];
        return port is null || int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
            ? null : $"the port \"{port}\" of \"{address}\" is not a number from 1 to 65535";
    }
}
