using Hangfire.Dashboard;
using Microsoft.AspNetCore.Antiforgery;
using Scheduler.Dashboard.Pages;

namespace Scheduler.Dashboard.Hosting;

/// <summary>
/// Answers in words the requests Hangfire's dashboard would fail on or refuse without one. Its counters
/// (<c>/stats</c>) and batch actions (<c>/jobs/…/delete</c>, <c>/recurring/trigger</c>, …) read a form whatever the
/// method and content type, so a GET or a JSON POST there threw ("Incorrect Content-Type") and became a 500; and its
/// antiforgery check answers a bare 403. Sits in front of both mounts; requests that are no Hangfire route pass.
/// </summary>
internal sealed class HangfireRequestGuard(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var route = request.Path.StartsWithSegments(SchedulerPages.HangfirePath, StringComparison.OrdinalIgnoreCase, out var rest) ? rest.Value ?? "" : request.Path.Value ?? "";
        if (DashboardRoutes.Routes.FindDispatcher(route) is not { } found)
        {
            await next(context);
            return;
        }
        var field = FormField(found.Item1);
        // A page or a file of the dashboard (its own and ours) only reads: another method is 405, said before the
        // antiforgery check below would answer a DELETE with a 403 that names a token no request could bring.
        if (IsReadOnly(found.Item1) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.Headers.Allow = $"{HttpMethods.Get}, {HttpMethods.Head}";
            await Results.Problem($"{request.Method} is not accepted by {request.Path}; it is a page of the dashboard and takes GET (or HEAD)",
                statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed").ExecuteAsync(context);
            return;
        }
        if (field is not null && !HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await Results.Problem($"{request.Method} {request.Path} is not answered: Hangfire's dashboard takes only POST here, with a form "
                    + $"(Content-Type application/x-www-form-urlencoded and {field}=… fields), as its own pages send it",
                statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed").ExecuteAsync(context);
            return;
        }
        // The check Hangfire makes next (same service, same answer; reads pass it), made here so that the refusal says why.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            await Results.Problem($"{request.Method} {request.Path} lacks the dashboard's antiforgery token (or the cookie it pairs with): Hangfire's actions are "
                    + "taken from the dashboard's own pages, which send the token they were served with, and a request from outside the dashboard page "
                    + "is refused. Reload the dashboard page and use its buttons, or send the token of its csrf-token meta tag in the header its "
                    + "csrf-header meta tag names, with the antiforgery cookie",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
            return;
        }
        if (field is not null && !request.HasFormContentType)
        {
            await Results.Problem($"POST {request.Path} has Content-Type \"{request.ContentType ?? "(none)"}\"; Hangfire's dashboard expects a form here: "
                    + $"Content-Type application/x-www-form-urlencoded (or multipart/form-data) with {field}=… fields",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    // Pages (Hangfire's and ours are Razor pages) and the scripts and styles they load.
    private static bool IsReadOnly(IDashboardDispatcher dispatcher) =>
        dispatcher.GetType().Name is "RazorPageDispatcher" or "EmbeddedResourceDispatcher" or "CombinedResourceDispatcher";

    // The form field a route's dispatcher reads, or null when it reads no form. Hangfire's dispatchers are internal:
    // they are told apart by name (the counters read "metrics[]", every batch command "jobs[]").
    private static string? FormField(IDashboardDispatcher dispatcher) => dispatcher.GetType().Name switch
    {
        "JsonStats" => "metrics[]",
        "BatchCommandDispatcher" => Audit.HangfireActions.JobsField,
        _ => null,
    };
}
