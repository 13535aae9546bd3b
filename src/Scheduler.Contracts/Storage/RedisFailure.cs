using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// A failure to reach Redis in a person's words. StackExchange.Redis's own message is a line of its internals (queue
/// counters, thread-pool figures, its version, a link): what it says to a person is which server, which command and
/// how long it waited, which is kept.
/// </summary>
internal static partial class RedisFailure
{
    /// <summary>One line: which Redis did not answer or could not be reached, and why as far as the client knows.</summary>
    public static string Describe(Exception failure)
    {
        var message = failure.Message;
        var server = ServerEndpoint().Match(message) is { Success: true } s ? $" at {s.Groups[1].Value}" : "";
        switch (failure)
        {
            case RedisTimeoutException:
                var command = Command().Match(message) is { Success: true } c ? $" to {c.Groups[1].Value}" : "";
                var limit = TimeoutLimit().Match(message) is { Success: true } t ? $" within {t.Groups[1].Value} ms" : " in time";
                return $"Redis{server} did not answer{command}{limit} (busy, paused, or the network is slow); try again shortly";
            case RedisConnectionException connection:
                var where = server.Length > 0 ? server : UnableToConnectOn().Match(message) is { Success: true } u ? $" at {u.Groups[1].Value}" : "";
                return $"Redis{where} cannot be reached ({Words(connection.FailureType)}); check that it runs and the connection string";
            default:
                return message.Split('\n')[0].Trim();
        }
    }

    // The enum's name read as words, as a person would say the failure.
    private static string Words(ConnectionFailureType type) => Capitals().Replace(type.ToString(), " $1").Trim().ToLowerInvariant();

    [GeneratedRegex(@"serverEndpoint: ([^,\s]+)")]
    private static partial Regex ServerEndpoint();

    [GeneratedRegex(@"command=([A-Za-z.]+)")]
    private static partial Regex Command();

    [GeneratedRegex(@"timeout is (\d+)ms")]
    private static partial Regex TimeoutLimit();

    [GeneratedRegex(@" on ([^\s/,]+)/")]
    private static partial Regex UnableToConnectOn();

    [GeneratedRegex(@"(?<!^)([A-Z])")]
    private static partial Regex Capitals();
}
