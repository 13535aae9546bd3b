namespace Scheduler.Dashboard.Security;

internal sealed partial class AccessGate
{
    /// <summary>
    /// A locked-out address gets 429 whatever its credentials (wrong ones are not counted while it is locked), so
    /// guessing goes no faster than <see cref="LockoutOptions.MaxFailures"/> answered tries per <see cref="LockoutOptions.Duration"/>.
    /// </summary>
    private async Task<bool> RefuseLockedOutAsync(HttpContext context, AccessOptions settings)
    {
        if (await lockout.LockedForAsync(context.Connection.RemoteIpAddress, settings.Lockout) is not { } wait) return false;
        var seconds = (long)Math.Ceiling(wait.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        LogLockedOutRequest(logger, context.Request.Method, context.Request.Path, Address(context), seconds);
        await Results.Problem($"too many wrong credentials from this address ({Address(context)}); it is locked out for {seconds} more second(s), "
                + $"during which no credentials are accepted. Retry after that with the right ones ({S}:Lockout sets the limit)",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed logins").ExecuteAsync(context);
        return true;
    }

    /// <summary>
    /// Counts the request's credentials as wrong when it carried any (a request without them is not a guess); true when
    /// this one locked the address out.
    /// </summary>
    private async Task<bool> CountFailedLoginAsync(HttpContext context, AccessOptions settings)
    {
        if (!Credentials.Presented(context.Request, settings)) return false;
        if (!await lockout.FailedAsync(context.Connection.RemoteIpAddress, settings.Lockout)) return false;
        LogLockedOut(logger, Address(context), settings.Lockout.MaxFailures, settings.Lockout.Window, settings.Lockout.Duration);
        return true;
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Locked out {RemoteAddress} after {Failures} wrong credentials within {Window}: "
        + "its requests get 429 without their credentials being checked for {Duration}")]
    private static partial void LogLockedOut(ILogger logger, string remoteAddress, int failures, TimeSpan window, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Method} {Path} from {RemoteAddress}: locked out for {Seconds} more second(s)")]
    private static partial void LogLockedOutRequest(ILogger logger, string method, string path, string remoteAddress, long seconds);
}
