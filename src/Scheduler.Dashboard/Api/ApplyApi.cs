using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;
using Scheduler.Dashboard.Security;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// <c>POST /api/schedules/apply[?dryRun=true]</c>: makes the schedules match the declarations of the body (the file
/// <c>scheduler export</c> writes), as the client's <c>ApplyAsync</c> does; recorded as the request's actor's changes.
/// </summary>
internal static class ApplyApi
{
    private static readonly string[] Parameters = ["dryRun"];

    public static RouteGroupBuilder MapApply(this RouteGroupBuilder api)
    {
        api.MapPost("/schedules/apply", ApplyAsync)
            .WithSummary("Make the schedules match {schedules: [{id, spec, task, options}], prune?: {tag, module, type, name, status, recurring}} by id; ?dryRun=true writes nothing; 409 (with the report) when another client created or changed an id between the apply's read and its write, which is left as it is");
        return api;
    }

    private static async Task<IResult> ApplyAsync(HttpContext http, bool? dryRun)
    {
        // A misspelt "dryrun=true" ignored would write what was meant to be looked at.
        StrictQuery.Check(http.Request, Parameters);
        var body = await ApiBody.ReadAsync<ApplyBody>(http.Request);
        if (body.Schedules is null) throw new ApiInputException("\"schedules\" is missing; expected {\"schedules\": [{\"id\", \"spec\", \"task\", \"options\"}]}, as scheduler export writes it", "schedules");
        var prune = body.Prune is { } p ? TaskChangesApi.Filter(p.Status, p.Type, p.Tag, p.Module, p.Name, p.Recurring) : null;
        var results = await http.ActingClient().ApplyAsync(body.Schedules, new ApplyOptions { DryRun = dryRun == true, Prune = prune });
        var report = DeclarationReport.ToDocument(results, dryRun == true);
        if (results.Where(r => r.Outcome == DeclarationOutcome.Conflict).Select(r => r.Id).ToList() is not { Count: > 0 } conflicts) return Results.Ok(report);
        // The rest is applied; these ids were created or changed by another client since the apply read them, and are
        // left as they are: a 409 as a schedule conflict answers, with the whole report beside it.
        return Results.Problem(DeclarationReport.ConflictMessage(conflicts), statusCode: StatusCodes.Status409Conflict, title: "Apply conflict",
            extensions: new Dictionary<string, object?> { ["conflicts"] = conflicts, ["report"] = report });
    }

    /// <summary>The body: the declarations, and what a prune may cancel (the list's filters).</summary>
    internal sealed record ApplyBody(IReadOnlyList<ScheduleDeclaration>? Schedules, PruneFilter? Prune);

    /// <summary>The tasks the declarations own, named as <c>GET /api/schedules</c>'s filters.</summary>
    internal sealed record PruneFilter(string? Status, string? Type, string? Tag, string? Module, string? Name, bool? Recurring);
}
