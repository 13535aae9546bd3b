using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Scheduler.Dashboard.Security;

/// <summary>Which Host headers a loopback request may carry and still be trusted.</summary>
internal static partial class HostNames
{
    /// <summary>Said in errors and docs.</summary>
    public const string LoopbackNames = "localhost, *.localhost, 127.0.0.0/8, [::1]";

    /// <summary>
    /// A name no DNS answer can change: "localhost" and "*.localhost" (browsers resolve them to loopback themselves,
    /// RFC 6761) or a loopback address literal. <paramref name="host"/> is the Host header without its port.
    /// </summary>
    public static bool IsLoopback(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        // Only canonical literals: what a browser puts in Host after parsing a URL, never a name sent to DNS.
        if (DottedQuad().IsMatch(host) && IPAddress.TryParse(host, out var v4)) return IPAddress.IsLoopback(v4);
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']' && IPAddress.TryParse(host[1..^1], out var v6)
            && v6.AddressFamily == AddressFamily.InterNetworkV6)
            return IsLoopbackAddress(v6);
        return false;
    }

    /// <summary>
    /// Whether <paramref name="address"/> is loopback, an IPv4-mapped IPv6 one included (what a connection's address
    /// looks like when Kestrel listens on [::]). An unknown address (null: a Unix socket) is not loopback: a proxy
    /// on this machine may forward other machines' requests through that socket.
    /// </summary>
    public static bool IsLoopbackAddress(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Whether <paramref name="host"/> is one of the configured names ("*.x" matches any subdomain of x).</summary>
    /// <remarks>A name's trailing dot (the DNS root: "x.example.com." is "x.example.com") is ignored on both sides.</remarks>
    public static bool IsAllowed(string host, IEnumerable<string> allowed)
    {
        var name = WithoutRoot(host);
        return allowed.Select(e => WithoutRoot(e.Trim())).Any(entry =>
            entry.StartsWith("*.", StringComparison.Ordinal)
                ? name.Length > entry.Length - 1 && name.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase)
                : name.Equals(entry, StringComparison.OrdinalIgnoreCase));
    }

    private static string WithoutRoot(string name) => name.Length > 1 && name[^1] == '.' && name[^2] != '.' ? name[..^1] : name;

    /// <summary>Why a configured allowed host is unusable, or null when it is fine.</summary>
    public static string? ProblemWithAllowedHost(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry)) return "is empty: give a host name such as scheduler.internal";
        if (entry.Trim() is "*" or "*.")
            return "would trust any Host, which is what a DNS-rebinding page sends; list names, or set TrustLoopback=false and use credentials";
        entry = WithoutRoot(entry.Trim());
        var name = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        var bracketed = name.StartsWith('[') && name.EndsWith(']');
        if (entry.Contains("://", StringComparison.Ordinal) || name.Contains('/') || (!bracketed && name.Contains(':')))
            return "must be a host name alone, without scheme, port or path (e.g. scheduler.internal or *.scheduler.internal)";
        var kind = Uri.CheckHostName(bracketed ? name[1..^1] : name);
        if (kind == UriHostNameType.Unknown)
            return "is not a valid host name or address";
        // "*.com" trusts every name under a public suffix, and "*.0.0.1" matches no name but reads as addresses: either
        // lets a DNS-rebinding page's own name in. A wildcard needs a name of two labels or more under it.
        if (entry.StartsWith("*.", StringComparison.Ordinal) && (kind != UriHostNameType.Dns || !name.Contains('.') || DottedTail().IsMatch(name)))
            return "is a wildcard over a single label or over numbers, which would trust any name under it, a DNS-rebinding page's included; expected a wildcard over your own domain (*.scheduler.example.com) or the names listed one by one";
        // "*.co.uk", "*.com.au", "*.duckdns.org": a registry or dynamic-DNS service under which anyone registers a name
        // (and points it where a rebinding page wants), as under "*.com". A best effort, not the Public Suffix List.
        if (entry.StartsWith("*.", StringComparison.Ordinal) && (CountryRegistry().IsMatch(name) || SharedSuffixes.Contains(name)))
            return "is a wildcard over a public registry or dynamic-DNS service (a country's co., com., org., …, or one such as duckdns.org) under which anyone can register a name, which would trust a DNS-rebinding page's name; expected a wildcard over your own domain (*.scheduler.example.co.uk) or the names listed one by one";
        return null;
    }

    // Multi-label public suffixes and wildcard or dynamic DNS services most often met; not every one there is.
    private static readonly HashSet<string> SharedSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "duckdns.org", "ddns.net", "no-ip.org", "no-ip.com", "no-ip.biz", "hopto.org", "zapto.org", "dynu.net", "dyndns.org", "freedns.org",
        "afraid.org", "nip.io", "sslip.io", "xip.io", "rbndr.us", "1u.ms", "me.uk", "us.com", "eu.org", "eu.com", "uk.com", "cn.com",
        "github.io", "gitlab.io", "herokuapp.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev", "azurewebsites.net",
        "cloudapp.net", "appspot.com", "ngrok.io", "ngrok-free.app", "trycloudflare.com",
    };

    [GeneratedRegex(@"^(co|com|net|org|ac|edu|gov|gob|go|ne|or|mil|ltd|plc|nom|sch|biz|info)\.[a-z]{2}$", RegexOptions.IgnoreCase)]
    private static partial Regex CountryRegistry();

    [GeneratedRegex(@"^[0-9.]+$")]
    private static partial Regex DottedTail();

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){3}$")]
    private static partial Regex DottedQuad();
}
