using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// The one place a Redis connection is read, for every component and the CLI: StackExchange.Redis's own syntax
/// (<c>host:port,password=…,serviceName=…</c>) or a URL (<c>redis://[user:password@]host[:port][/db]</c>,
/// <c>rediss://</c> for TLS), and the one place a connection string is made safe to print. Public so that a host
/// reads <c>SCHEDULER_REDIS</c> and explains a failed connect exactly as Scheduler's own processes and CLI do.
/// </summary>
public static partial class RedisConnection
{
    /// <summary>Environment variable that overrides the configured connection, for every component and the CLI.</summary>
    public const string EnvironmentVariable = "SCHEDULER_REDIS";

    /// <summary>Environment variable with a PEM file of a private CA that signed the Redis server's certificate.</summary>
    public const string TlsCaEnvironmentVariable = "SCHEDULER_REDIS_TLS_CA";

    /// <summary>Used when nothing is configured.</summary>
    public const string Default = "localhost:6379";

    /// <summary>
    /// Longest first-connect wait (ms), for every component and the CLI: a connection string may ask for longer, which
    /// would leave a command or a start-up check hanging on a wrong address.
    /// </summary>
    internal const int MaxConnectTimeoutMs = 5000;

    /// <summary>Clamps <paramref name="config"/>'s connect timeout to <see cref="MaxConnectTimeoutMs"/>.</summary>
    internal static ConfigurationOptions ClampConnectTimeout(ConfigurationOptions config)
    {
        config.ConnectTimeout = Math.Min(config.ConnectTimeout, MaxConnectTimeoutMs);
        return config;
    }

    /// <summary>The two syntaxes, as error messages state them.</summary>
    public const string Accepted =
        "expected \"host:port[,password=…][,serviceName=…]\" (StackExchange.Redis syntax) or \"redis://[user:password@]host[:port][/db]\" (rediss:// for TLS)";

    /// <summary>Reads <paramref name="text"/> in either syntax.</summary>
    /// <exception cref="FormatException">The message names the part that is wrong and never contains a password.</exception>
    public static ConfigurationOptions Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException($"the Redis connection is empty; {Accepted}");
        text = text.Trim();
        var options = RedisUrl.IsUrl(text) ? RedisUrl.Parse(text) : ParseNative(text);
        if (options.EndPoints.Count == 0) throw new FormatException($"the Redis connection {Describe(text)} names no host; {Accepted}");
        return WithoutSelect(options);
    }

    /// <summary>
    /// On database 0 (every deployment unless a /db or defaultDatabase= says otherwise), StackExchange.Redis is told
    /// SELECT is unavailable: it otherwise re-sends SELECT 0 before the command that follows every transaction and
    /// every script, about one Redis call in eighteen of a task's life (Hangfire commits six transactions per job).
    /// A connection that asks for another database keeps SELECT, which it needs, and so does a Sentinel connection
    /// (its sentinels take their own command map).
    /// </summary>
    internal static ConfigurationOptions WithoutSelect(ConfigurationOptions options)
    {
        if ((options.DefaultDatabase ?? 0) == 0 && string.IsNullOrEmpty(options.ServiceName)
            && ReferenceEquals(options.CommandMap, CommandMap.Default))
            options.CommandMap = NoSelect;
        return options;
    }

    private static readonly CommandMap NoSelect = CommandMap.Create(new HashSet<string> { "SELECT" }, available: false);

    /// <summary>Reads <paramref name="text"/> and trusts the private CA in <paramref name="tlsCaCertificate"/> (a PEM path), if given.</summary>
    public static ConfigurationOptions Parse(string? text, string? tlsCaCertificate)
    {
        var options = Parse(text);
        if (string.IsNullOrWhiteSpace(tlsCaCertificate)) return options;
        // A CA does not turn TLS on: trusted but unused, the password would cross the network in clear.
        if (!options.Ssl)
            throw new FormatException($"a Redis TLS CA certificate is given ({TlsCaEnvironmentVariable}) but the connection {Describe(text)} does not use TLS: "
                + "use a rediss:// URL or add ssl=true, or unset the CA");
        if (!File.Exists(tlsCaCertificate)) throw new FormatException($"the Redis TLS CA certificate \"{tlsCaCertificate}\" does not exist; expected a PEM file");
        try { PrivateCaTrust.Trust(options, tlsCaCertificate); }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new FormatException($"the Redis TLS CA certificate \"{tlsCaCertificate}\" is not a PEM certificate ({e.Message.Trim()})");
        }
        return options;
    }

    /// <summary><paramref name="text"/> fit for a message or a log: passwords replaced by <c>*****</c>, quoted.</summary>
    public static string Describe(string? text) => $"\"{Mask(text)}\"";

    /// <summary>
    /// Passwords replaced by <c>*****</c>. Masked textually rather than re-rendered from the parsed options, so the
    /// operator sees the string they wrote (a URL stays a URL) and an unreadable one is masked too.
    /// </summary>
    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var masked = UrlPassword().Replace(text, "$1*****@");
        // "redis://secret@host" (no ':'): some clients read the name as the password, so it is hidden whole.
        masked = UrlBareUserInfo().Replace(masked, "$1*****@");
        // Only a ',' ends a value in StackExchange.Redis's syntax ("password=ab&cd#ef" is one password), and only the ','
        // before the next option=value: a password cannot hold a comma there, and the rest of one that does would read
        // as an endpoint (an endpoint after the password is hidden with it). A URL's query ends one at '&' or '#' only,
        // as RedisUrl reads it (it refuses a comma in the value, and that error shows the URL).
        return (RedisUrl.IsUrl(text.Trim()) ? UrlOptionPassword() : OptionPassword()).Replace(masked, "$1*****");
    }

    /// <summary>
    /// What to tell a person about a failed first connect to <paramref name="options"/> (read from
    /// <paramref name="text"/>): Sentinel addresses without serviceName, refused credentials, or null when the failure
    /// says nothing more specific than "unreachable". Never contains a password.
    /// </summary>
    public static string? ExplainConnectFailure(Exception failure, ConfigurationOptions options, string? text)
    {
        if (LooksLikeBareSentinel(failure)) return SentinelWithoutServiceName(options);
        if (TlsFailure(failure) is { } tls) return TlsRefused(Describe(text), tls, PrivateCaTrust.RefusalFor(options));
        // StackExchange.Redis files a handshake the server broke off (a plain Redis port, no TLS there) as an
        // authentication failure too, with no word of Redis's own (WRONGPASS, NOAUTH): the password is not the problem.
        if (options.Ssl && failure is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } && !RedisRefusedCredentials(failure)
            && InChain<IOException>(failure))
            return $"the TLS handshake with Redis at {Describe(text)} failed ({Innermost(failure).Message.Trim()}): is TLS on at that port? ssl=true (or rediss://) " +
                "needs a Redis listening with tls-port there; for a plain port drop ssl=true (or use redis://)";
        if (failure is RedisConnectionException && IsAuthFailure(failure)) return CredentialsRefused(Describe(text));
        if (failure is RedisConnectionException && failure.Message.Contains("is a Sentinel", StringComparison.Ordinal)) return failure.Message;
        return null;
    }

    /// <summary>
    /// The message of a failed first connect to <paramref name="options"/>: <see cref="ExplainConnectFailure"/>'s, else that
    /// nothing answered at the addresses. <paramref name="connection"/> is the text the options were read from, quoted
    /// masked; without it the options' addresses are named (read back from options parsed from text, a password holding
    /// a comma would show its rest as one more address).
    /// </summary>
    internal static string ConnectFailure(Exception failure, ConfigurationOptions options, string? connection = null)
    {
        var shown = connection ?? string.Join(",", options.EndPoints.Select(Shown));
        return ExplainConnectFailure(failure, options, shown)
            ?? $"cannot reach Redis at {Describe(shown)} within {options.ConnectTimeout} ms: check that it runs there and that the host and port are right";
    }

    private static string Shown(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "",
    };

    /// <summary>
    /// Throws when the connection reached Sentinels but names no service: every command would then fail with
    /// "ERR unknown command 'ECHO'", which says nothing about the fix.
    /// </summary>
    /// <exception cref="RedisConnectionException">The message says to add serviceName=.</exception>
    internal static void EnsureDataNodes(IConnectionMultiplexer redis, ConfigurationOptions options)
    {
        if (IsBareSentinel(redis, options))
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, SentinelWithoutServiceName(options), null, CommandStatus.Unknown);
    }

    /// <summary>True when <paramref name="redis"/> reached Sentinels although <paramref name="options"/> names no service.</summary>
    internal static bool IsBareSentinel(IConnectionMultiplexer redis, ConfigurationOptions options)
    {
        return string.IsNullOrEmpty(options.ServiceName) && redis.GetServers().Any(s => s.IsConnected && s.ServerType == ServerType.Sentinel);
    }

    /// <summary>
    /// After a failed first connect: true when StackExchange.Redis's connect log shows the addresses answered as
    /// Sentinels (no serviceName given). A connect that must succeed at once only says "not possible to connect".
    /// </summary>
    internal static bool ConnectLogShowsBareSentinel(ConfigurationOptions options, string connectLog) =>
        string.IsNullOrEmpty(options.ServiceName)
        && (connectLog.Contains("unknown command 'ECHO'", StringComparison.OrdinalIgnoreCase)
            || connectLog.Contains("unknown command `ECHO`", StringComparison.OrdinalIgnoreCase)
            || connectLog.Contains("Sentinel", StringComparison.Ordinal) && connectLog.Contains("unknown command", StringComparison.OrdinalIgnoreCase));

    /// <summary>The start-up error for Sentinel addresses given without serviceName.</summary>
    internal static string SentinelWithoutServiceName(ConfigurationOptions options)
    {
        var shown = Mask(options.ToString(includePassword: false));
        return $"Redis at \"{shown}\" is a Sentinel, not a data node: add serviceName=<the master name the sentinels monitor>, " +
            $"e.g. \"{shown},serviceName=mymaster\" (or ?serviceName=mymaster in a redis:// URL)";
    }

    /// <summary>True when a failure means the endpoints are Sentinels asked ordinary commands (no serviceName).</summary>
    internal static bool LooksLikeBareSentinel(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e.Message.Contains("unknown command 'ECHO'", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("unknown command `ECHO`", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>True when a failure means Redis refused the credentials (wrong password, unknown ACL user, AUTH required).</summary>
    internal static bool IsAuthFailure(Exception? e)
    {
        // StackExchange.Redis files a failed TLS handshake under "authentication" too; the fix there is not the password.
        if (TlsFailure(e) is not null) return false;
        return e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } || RedisRefusedCredentials(e);
    }

    private static bool RedisRefusedCredentials(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e.Message.Contains("WRONGPASS", StringComparison.Ordinal) || e.Message.Contains("NOAUTH", StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool InChain<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T) return true;
        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    /// <summary>The TLS handshake's own failure (an untrusted certificate, a name that does not match) in <paramref name="e"/>'s chain, or null.</summary>
    internal static System.Security.Authentication.AuthenticationException? TlsFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is System.Security.Authentication.AuthenticationException tls) return tls;
        return null;
    }

    /// <summary>What to tell the user when the TLS handshake failed; <paramref name="where"/> is <see cref="Describe"/>'s text.</summary>
    internal static string TlsRefused(string where, Exception tls, string? refusal = null) =>
        refusal is { } reason
            ? $"the TLS handshake with Redis at {where} failed: {reason}"
            : $"the TLS handshake with Redis at {where} failed ({tls.Message.Trim()}): a server certificate from a private CA needs "
                + $"{TlsCaEnvironmentVariable}=<its PEM file>, and the certificate must name the host connected to (or set sslHost=<that name>)";

    /// <summary>What to tell the user when <see cref="IsAuthFailure"/>; <paramref name="where"/> is <see cref="Describe"/>'s text.</summary>
    internal static string CredentialsRefused(string where) =>
        $"Redis at {where} refused the credentials: check user= and password= (an ACL user needs both; the password is not shown)";

    private static ConfigurationOptions ParseNative(string text)
    {
        CheckEndPoints(text);
        try
        {
            return ConfigurationOptions.Parse(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or RedisConnectionException)
        {
            // StackExchange.Redis names the keyword it rejects; its messages carry no values. The rejected keyword's own
            // value is masked too: a misspelt "passwrd=" holds a password all the same.
            var shown = Mask(text);
            if (RejectedKeyword().Match(e.Message) is { Success: true } rejected)
                shown = Regex.Replace(shown, $@"((?:^|,)\s*{Regex.Escape(rejected.Groups[1].Value)}\s*=)[^,]*", "$1*****", RegexOptions.IgnoreCase);
            throw new FormatException($"the Redis connection \"{shown}\" is not valid: {e.Message.Split('\n')[0].Trim()}; {Accepted}");
        }
    }

    // Greedy to the last '@': a password may hold an unencoded '@', '/', '?' or '#', and masking too much is harmless.
    [GeneratedRegex(@"(rediss?://[^:@/?#]*:).*@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(rediss?://)[^:]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlBareUserInfo();

    [GeneratedRegex(@"((?:^|,)\s*(?:password|sentinelPassword)\s*=)(?:[^,]|,(?!\s*[A-Za-z][\w-]*\s*=))*", RegexOptions.IgnoreCase)]
    private static partial Regex OptionPassword();

    [GeneratedRegex(@"((?:^|[,?&])\s*(?:password|sentinelPassword)\s*=)[^&#]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlOptionPassword();

    [GeneratedRegex(@"Keyword '([^']+)'")]
    private static partial Regex RejectedKeyword();
}
