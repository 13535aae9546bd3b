using System.Text;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// An endpoint that reads no body refuses one it is given, as one that reads no query parameter refuses those
/// (<see cref="KnownQueryParameters"/>): ignored, <c>{"payload": ...}</c> sent to a run-now looked passed and was not.
/// Nothing, blank, <c>{}</c> or <c>null</c> is accepted, as HTTP clients send for "no body".
/// </summary>
internal static class NoBody
{
    // Longer than any "nothing" and short enough to read whole.
    private const int Peek = 64;

    /// <summary>Adds the check to an endpoint; <paramref name="hint"/> ends the refusal (where to do what the body may have meant).</summary>
    public static RouteHandlerBuilder TakesNoBody(this RouteHandlerBuilder endpoint, string? hint = null) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            await CheckAsync(context.HttpContext.Request, hint);
            return await next(context);
        });

    /// <summary>Throws <see cref="ApiInputException"/> when the request carries anything but an empty body.</summary>
    public static async Task CheckAsync(HttpRequest request, string? hint = null)
    {
        if (!ApiBody.MayHaveBody(request)) return;
        var buffer = new byte[Peek + 1];
        var read = 0;
        while (read < buffer.Length && await request.Body.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted) is var n and > 0) read += n;
        var text = read > Peek ? null : Encoding.UTF8.GetString(buffer, 0, read).Trim();
        if (text is "" or "{}" or "null") return;
        throw new ApiInputException($"{request.Method} {request.Path} takes no body (send none, or {{}}); what it acts on is named by its path{hint}");
    }
}
