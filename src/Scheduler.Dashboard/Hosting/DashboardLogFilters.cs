using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Scheduler.Dashboard.Hosting;

/// <summary>The dashboard's log levels for ASP.NET Core's own categories.</summary>
internal static class DashboardLogFilters
{
    /// <summary>The category whose Information lines are dropped unless configured (<c>Logging:LogLevel:Microsoft.AspNetCore</c>).</summary>
    public const string AspNetCore = "Microsoft.AspNetCore";

    public static void Apply(ILoggingBuilder logging, IConfiguration configuration)
    {
        // ASP.NET Core's per-request lines print the decoded path, control characters and all: an unauthenticated
        // request could write lines of its own into the log. The gate logs refusals itself, with the path escaped.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // It logs every exception it hands on with its stack trace, expected ones too (Redis away: one per request);
        // ApiExceptionHandler logs an unexpected one with its stack trace and an expected one in a line.
        logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.Critical);
        // Routing and result executors write four Information lines per request ("Executing endpoint", "Writing value of
        // type '<>f__AnonymousType9`4'"): a health probe every 10 s and a metrics scrape made tens of thousands a day of
        // nothing an operator reads. Warning, as ASP.NET Core's own templates set it, unless the configuration says.
        if (configuration.GetSection("Logging:LogLevel")[AspNetCore] is null) logging.AddFilter(AspNetCore, LogLevel.Warning);
    }
}
