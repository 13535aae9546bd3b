namespace Scheduler.Dashboard.Security;

/// <summary>
/// Headers reverse proxies add to the requests they relay. A loopback connection carrying one was relayed from some
/// other machine by a proxy on this one, so it is not trusted loopback whatever its Host says: nginx (without
/// <c>proxy_set_header Host</c>) and Apache (without <c>ProxyPreserveHost</c>) send the backend's own address,
/// 127.0.0.1:5555, as Host. The headers' values are never believed, only their presence noticed: it can take trust
/// away but never grant it, and a remote client cannot remove what its proxy adds.
/// </summary>
internal static class RelayHeaders
{
    /// <summary>Said in errors and docs.</summary>
    public static readonly string[] Names = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "Via"];

    /// <summary>The first relay header <paramref name="headers"/> carry, or null when there is none.</summary>
    public static string? FirstIn(IHeaderDictionary headers) => Names.FirstOrDefault(headers.ContainsKey);
}
