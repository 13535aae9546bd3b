using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// <c>redis://[user:password@]host[:port][,host:port…][/db][?option=value&amp;…]</c>; <c>rediss://</c> turns TLS on.
/// The query takes StackExchange.Redis's own option names (e.g. <c>?serviceName=mymaster</c> for Sentinels).
/// </summary>
internal static class RedisUrl
{
    public const int DefaultPort = 6379;

    private const string Expected = "expected redis://[user:password@]host[:port][/db][?option=value&…], or rediss://… for TLS";

    private const string UnencodedPassword =
        "an '@' follows a '/', '?' or '#', so the user:password part seems to hold one of them unencoded: "
        + "percent-encode them in the password (/ as %2F, ? as %3F, # as %23, @ as %40)";

    public static bool IsUrl(string text) => text.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// True when an '@' comes after the first '/', '?' or '#' past the scheme: the password then likely holds one of
    /// those unencoded, and the parts this parser would name in an error (port, query, database) are pieces of it.
    /// </summary>
    private static bool UserInfoLooksSplit(string text)
    {
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? text : text[(schemeEnd + 3)..];
        var delimiter = rest.IndexOfAny(['/', '?', '#']);
        return delimiter >= 0 && rest.IndexOf('@', delimiter) >= 0;
    }

    public static ConfigurationOptions Parse(string text)
    {
        FormatException Fail(string what) => new($"the Redis URL {RedisConnection.Describe(text)} is not valid: {(UserInfoLooksSplit(text) ? UnencodedPassword : what)}; {Expected}");

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = text[..schemeEnd];
        var tls = scheme.ToLowerInvariant() switch
        {
            "redis" => false,
            "rediss" => true,
            _ => throw Fail($"its scheme \"{scheme}\" is neither redis nor rediss"),
        };
        var rest = text[(schemeEnd + 3)..];
        if (rest.Contains('#')) throw Fail("it has a fragment (#…); options go in the query (?option=value)");
        var options = new ConfigurationOptions();
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            options = ParseQuery(rest[(question + 1)..], Fail);
            rest = rest[..question];
        }
        var path = "";
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            path = rest[(slash + 1)..];
            rest = rest[..slash];
        }
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            ApplyUserInfo(options, rest[..at], Fail);
            rest = rest[(at + 1)..];
        }
        if (rest.Length == 0) throw Fail("it names no host");
        foreach (var endpoint in rest.Split(',')) options.EndPoints.Add(ParseEndPoint(endpoint, Fail));
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database) || database > 10_000)
                throw Fail($"its database \"{path}\" is not a number (the path is the database: /0, /1, …)");
            options.DefaultDatabase = database;
        }
        if (tls) options.Ssl = true;
        return options;
    }

    private static void ApplyUserInfo(ConfigurationOptions options, string userInfo, Func<string, FormatException> fail)
    {
        // A bare "name@" is read as a user by some clients and as a password by others: refuse to guess.
        var colon = userInfo.IndexOf(':');
        if (colon < 0) throw fail("the part before '@' has no ':' (write user:password, or :password for the default user)");
        var user = Uri.UnescapeDataString(userInfo[..colon]);
        var password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        if (user.Length > 0) options.User = user;
        if (password.Length > 0) options.Password = password;
    }

    private static ConfigurationOptions ParseQuery(string query, Func<string, FormatException> fail)
    {
        var options = new List<string>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (equals < 0 || key.Length == 0) throw fail($"its query part \"{key}\" is not option=value");
            if (value.Contains(',')) throw fail($"the value of its query option \"{key}\" contains a comma");
            // Checked one by one so the message names the option that is wrong, not the whole query.
            try { ConfigurationOptions.Parse($"{key}={value}", ignoreUnknown: false); }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw fail($"its query option \"{key}\" is not a StackExchange.Redis option or has a bad value");
            }
            options.Add($"{key}={value}");
        }
        return ConfigurationOptions.Parse(string.Join(',', options));
    }

    private static EndPoint ParseEndPoint(string text, Func<string, FormatException> fail)
    {
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) throw fail($"its host \"{text}\" opens '[' without closing it");
            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':') throw fail($"its host \"{text}\" has text after ']' that is not :port");
                port = after[1..];
            }
            if (!IPAddress.TryParse(host, out _)) throw fail($"its host \"{host}\" in brackets is not an IPv6 address");
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') != colon) throw fail($"its host \"{text}\" looks like an IPv6 address: put it in brackets, e.g. [::1]:6379");
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
            if (host.Length == 0) throw fail("it names no host");
            if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
                throw fail($"its host \"{host}\" is not a host name or IP address");
        }
        var number = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            throw fail($"its port \"{port}\" is not a number from 1 to 65535");
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, number) : new DnsEndPoint(host, number);
    }
}
