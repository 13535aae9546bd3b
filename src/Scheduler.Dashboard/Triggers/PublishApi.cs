using Scheduler.Dashboard.Security;
using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling.Triggers;
using Scheduler.Dashboard.Api;

namespace Scheduler.Dashboard.Triggers;

/// <summary><c>POST /api/events/{name}</c>: publishes an event to the tasks scheduled <c>on:name</c>.</summary>
internal static class PublishApi
{
    public static RouteGroupBuilder MapPublish(this RouteGroupBuilder api)
    {
        api.MapPost("/events/{name}", PublishAsync)
            .WithSummary("Publish an event: every active task scheduled \"on:<name>\" runs once with the JSON body as payload; answers the triggered task ids");
        return api;
    }

    private static async Task<IResult> PublishAsync(string name, HttpRequest request)
    {
        var client = request.HttpContext.ActingClient();
        if (!TriggerSpec.IsValidName(name))
            throw new ApiInputException($"event name {Echo.Quoted(name)} is not valid; expected {TriggerSpec.AcceptedNames}");
        string? payload = null;
        if (request.ContentLength is not 0)
        {
            // Strict UTF-8: bytes that are not would reach the tasks as U+FFFD, not as what was sent.
            using var reader = new StreamReader(request.Body, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
            string text;
            try { text = await reader.ReadToEndAsync(); }
            catch (System.Text.DecoderFallbackException)
            {
                throw new ApiInputException("the body is not valid UTF-8; expected the event's payload as JSON in UTF-8");
            }
            if (text.Trim().Length > 0)
            {
                ApiBody.RequireJson(request, "the body is the event's payload");
                // Parsed here so a broken payload is refused with the reason instead of reaching the tasks.
                try { using (JsonDocument.Parse(text)) { } }
                catch (JsonException e)
                {
                    throw new ApiInputException($"the body is not JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}); expected the event's payload, e.g. {{\"file\": \"a.csv\"}}");
                }
                payload = text;
            }
        }
        var published = await client.PublishAsync(name, payload);
        return Results.Ok(new { name = published.Name, triggerId = published.TriggerId, tasks = published.TaskIds });
    }
}
