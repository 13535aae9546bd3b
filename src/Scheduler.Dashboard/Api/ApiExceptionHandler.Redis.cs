using StackExchange.Redis;

namespace Scheduler.Dashboard.Api;

internal sealed partial class ApiExceptionHandler
{
    // Redis's error prefixes for a state that passes by itself (a failover, a load, a busy script, memory or replicas
    // short): the same command succeeds later, so the answer is "retry", as for an unreachable Redis.
    private static readonly string[] PassingRefusals = ["LOADING", "BUSY", "READONLY", "MASTERDOWN", "NOREPLICAS", "TRYAGAIN", "OOM", "CLUSTERDOWN", "NOMASTERLINK"];

    /// <summary>
    /// Redis answered, refusing a command: not "cannot be reached". A passing state is a 503 to retry; any other
    /// refusal (a command or argument it will not take, a missing permission, a key of another type) is the
    /// dashboard's fault or its configuration's, a 500 that quotes Redis's words and is logged.
    /// </summary>
    private static (int Status, string Title, string Detail) Refused(RedisServerException e)
    {
        var words = e.Message.Split('\n')[0].Trim();
        if (words.Length > 200) words = words[..200] + "…";
        var prefix = words.Split(' ', 2)[0];
        return PassingRefusals.Contains(prefix, StringComparer.Ordinal) || Contracts.Storage.RedisReadiness.IsQueuingRefusal(e)
            ? (StatusCodes.Status503ServiceUnavailable, "Storage busy", $"Redis is reachable but refused the command for now ({words}); retry shortly")
            : (StatusCodes.Status500InternalServerError, "Storage refused the command", $"Redis is reachable but refused a command of this request ({words}); see the dashboard log");
    }

}
