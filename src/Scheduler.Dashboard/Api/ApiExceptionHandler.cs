using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Api;

/// <summary>Turns every expected failure into RFC 7807 problem+json with a message a person can act on; never a stack trace.</summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // A query value that did not bind, named by its parameter (ASP.NET's words name .NET types).
        var binding = exception is BadHttpRequestException bad ? QueryBinding.Describe(bad, context.Request) : null;
        var (status, title, detail) = exception switch
        {
            ScheduleSpecException e => (StatusCodes.Status400BadRequest, "Invalid schedule spec", e.Message),
            InvalidTaskException e => (StatusCodes.Status400BadRequest, "Invalid task", e.Message),
            Contracts.Capabilities.TaskNotOfferedException e => (StatusCodes.Status400BadRequest, "Not offered by any live worker", e.Message),
            ApiInputException e => (StatusCodes.Status400BadRequest, "Invalid request", e.Message),
            JsonException e => (StatusCodes.Status400BadRequest, "Invalid JSON body", JsonProblems.Describe(e)),
            BadHttpRequestException when binding is not null => (StatusCodes.Status400BadRequest, "Invalid query parameter", binding.Message),
            // Kestrel's words name no unit a person reads at a glance ("… 1048576 bytes"), and "Bad request" would not say which limit.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request too large", TooLarge(context)),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            InvalidTransitionException e => (StatusCodes.Status409Conflict, "Invalid transition", e.Message),
            ConcurrentUpdateException e => (StatusCodes.Status409Conflict, "Changed by others meanwhile", e.Message),
            Contracts.Runs.InvalidBackfillException e => (StatusCodes.Status400BadRequest, "Invalid backfill", e.Message),
            Contracts.Runs.RetryRefusedException e => (StatusCodes.Status409Conflict, "Retry refused", e.Message.Replace(e.RunId, Echo.Of(e.RunId), StringComparison.Ordinal)),
            Contracts.Runs.RunStopRefusedException e => (StatusCodes.Status409Conflict, "Stop refused", e.Message),
            ScheduleConflictException e => (StatusCodes.Status409Conflict, "Schedule conflict", e.Message),
            // The client's own checks of its arguments (an empty run id, an event id that is none, an instant out of range).
            ArgumentException e => (StatusCodes.Status400BadRequest, "Invalid request", ArgumentMessage(e)),
            // A form read where no form was sent, or one over the form limits (Hangfire's routes read forms; the
            // guard in front of them answers the usual cases first).
            InvalidOperationException e when e.Message.StartsWith("Incorrect Content-Type", StringComparison.Ordinal) =>
                (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Content-Type is \"{context.Request.ContentType ?? "(none)"}\"; expected a form (application/x-www-form-urlencoded)"),
            InvalidDataException e => (StatusCodes.Status400BadRequest, "Invalid form", e.Message),
            // Written, but not yet held by the replicas Scheduler:Redis:ReplicaAcknowledgement asks for: retry later.
            ReplicaAcknowledgementException e => (StatusCodes.Status503ServiceUnavailable, "Not acknowledged by replicas", e.Message),
            RedisServerException e => Refused(e),
            // A command the client itself will not send (disabled in its command map): a fault of this process.
            RedisCommandException => Unexpected,
            RedisException or TimeoutException => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable", "Redis cannot be reached right now; retry shortly"),
            _ => Unexpected,
        };
        if (status == StatusCodes.Status500InternalServerError) LogUnexpected(exception);
        else if (exception is ReplicaAcknowledgementException) LogNotAcknowledged(context.Request.Method, context.Request.Path.ToString(), exception.Message);
        else if (status == StatusCodes.Status503ServiceUnavailable) LogStorageUnavailable(context.Request.Method, context.Request.Path.ToString(), exception.Message.Split('\n')[0]);
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        // Which request field each problem is about, so a form can show it at the field.
        if (status == StatusCodes.Status400BadRequest && (binding is not null ? [binding] : ProblemFields.For(exception)) is { Count: > 0 } errors)
            problem.ProblemDetails.Extensions["errors"] = errors.ToArray();
        // A page asked for by a browser gets a page (problem+json would show as raw text), and so does a client that
        // takes no JSON (it would get an empty body).
        if (WantsPage(context.Request) || !await problems.TryWriteAsync(problem)) await WritePageAsync(context, title, detail);
        return true;
    }

    private static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task WritePageAsync(HttpContext context, string title, string detail)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        var (t, d) = (System.Net.WebUtility.HtmlEncode(title), System.Net.WebUtility.HtmlEncode(detail));
        return context.Response.WriteAsync($"<!DOCTYPE html><html lang=\"{Hosting.DashboardPageLanguage.Language}\"><head><meta charset=\"utf-8\"><title>{t}</title></head>"
            + $"<body><h1>{t}</h1><p>{d}</p><p><a href=\"{context.Request.PathBase}{context.Request.Path}\">Try again</a></p></body></html>");
    }

    private static readonly (int, string, string) Unexpected =
        (StatusCodes.Status500InternalServerError, "Unexpected error", "the request failed unexpectedly; see the dashboard log");

    private static string TooLarge(HttpContext context)
    {
        var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
            ?? Hosting.DashboardHostingExtensions.MaxRequestBodyBytes;
        var size = limit % (1024 * 1024) == 0 ? $"{limit / (1024 * 1024)} MB" : $"{limit / 1024} KB";
        return $"the request body is larger than the limit of {size} ({limit} bytes); send a smaller body";
    }

    /// <summary>The message without .NET's " (Parameter 'x')" suffix.</summary>
    internal static string ArgumentMessage(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: Redis cannot be reached ({Reason})")]
    private partial void LogStorageUnavailable(string method, string path, string reason);

    // Redis answered: "cannot be reached" would send an operator looking at the wrong thing.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Reason}")]
    private partial void LogNotAcknowledged(string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected API failure")]
    private partial void LogUnexpected(Exception exception);
}
