using Scheduler.Dashboard.Security;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// The REST API of housekeeping: cleanup registrations (CRUD) and running them. Registrations are checked, and runs
/// execute, in the dashboard process, within the roots its <c>Scheduler:Housekeeping:AllowedRoots</c> grants; to clean
/// on a worker instead, schedule a <c>cleanup</c> task.
/// </summary>
internal static class CleanupApi
{
    /// <summary>Maps <c>/cleanup</c>, <c>/cleanup/{id}</c>, <c>/cleanup/{id}/runs</c> and <c>/cleanup/run</c> on <paramref name="api"/> (the "/api" group).</summary>
    public static RouteGroupBuilder MapCleanupApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cleanup", ListAsync).WithSummary("List cleanup registrations, oldest first (optionally of one module)");
        api.MapPost("/cleanup", RegisterAsync).WithSummary("Register a cleanup of a directory");
        api.MapPost("/cleanup/run", RunAsync).TakesNoBody("; give registrationId and dryRun as query parameters").WithSummary("Run one or every cleanup registration now (dryRun=true deletes nothing)");
        var registration = api.MapIdGroup("/cleanup/{id}", BadId);
        registration.MapGet("", GetAsync).WithSummary("One cleanup registration");
        registration.MapGet("/runs", RunsAsync).WithSummary($"A cleanup registration's newest real runs (at most {CleanupLastRun.KeptRuns}), newest first");
        registration.MapPut("", PutAsync).WithSummary("Register a cleanup under this id, or replace the fields of the one registered under it (201 when created)");
        registration.MapPatch("", CleanupPatch.PatchAsync).WithSummary("Change the fields given of a cleanup registration (null removes an optional one)");
        registration.MapDelete("", RemoveAsync).TakesNoBody().WithSummary("Remove a cleanup registration (files are not touched)");
        return api;
    }

    private static async Task<IResult> ListAsync(SchedulerClient client, string? module) =>
        Results.Ok(await client.ListCleanupsAsync(module));

    private static async Task<IResult> GetAsync(SchedulerClient client, string id) =>
        await client.GetCleanupAsync(id) is { } registration ? Results.Ok(registration) : NotFound(id);

    private static async Task<IResult> RunsAsync(SchedulerClient client, string id) =>
        await client.GetCleanupRunsAsync(id) is { } runs ? Results.Ok(runs) : NotFound(id);

    private static async Task<IResult> RegisterAsync(HttpRequest request, IConfiguration configuration)
    {
        var client = request.HttpContext.ActingClient();
        var body = await ApiBody.ReadAsync<CleanupRequest>(request);
        try
        {
            var id = await client.RegisterCleanupAsync(body, AllowedRoots(configuration));
            return Results.Created($"/api/cleanup/{id}", await client.GetCleanupAsync(id));
        }
        catch (InvalidCleanupException e)
        {
            return Invalid(e);
        }
    }

    // Idempotent, as a PUT is: a module that registers its cleanup at every start under its own id keeps one registration.
    private static async Task<IResult> PutAsync(string id, HttpRequest request, IConfiguration configuration)
    {
        var client = request.HttpContext.ActingClient();
        var body = await ApiBody.ReadAsync<CleanupRequest>(request);
        try
        {
            var (registration, outcome) = await client.ApplyCleanupAsync(id, body, AllowedRoots(configuration));
            return outcome == Contracts.Declarations.DeclarationOutcome.Created ? Results.Created($"/api/cleanup/{id}", registration) : Results.Ok(registration);
        }
        catch (InvalidCleanupException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, string id) =>
        await http.ActingClient().RemoveCleanupAsync(id) ? Results.Ok(new { id }) : NotFound(id);

    private static readonly string[] RunParameters = ["registrationId", "dryRun"];

    private static async Task<IResult> RunAsync(HttpRequest request, IConfiguration configuration, string? registrationId, bool? dryRun,
        CancellationToken aborted)
    {
        // A dry run asked for in a body or under another name (dry-run) must not become a real one of every registration.
        StrictQuery.Check(request, RunParameters);
        if (registrationId is not null && !TaskIds.IsValid(registrationId)) return BadId(registrationId);
        var roots = AllowedRoots(configuration);
        if (roots.Count == 0)
            return Results.Problem(NoRoots, statusCode: StatusCodes.Status409Conflict, title: "Housekeeping not configured");
        // The run is recorded as the registration's last run by whoever asked for it, as the CLI's --as is.
        var report = await request.HttpContext.ActingClient().RunCleanupAsync(registrationId, dryRun ?? false, roots, aborted);
        return report is null ? NotFound(registrationId!) : Results.Ok(report);
    }

    /// <summary>The roots this dashboard may clean in; empty refuses every run (<see cref="NoRoots"/>). The cleanup pages' actions use it too.</summary>
    internal static IReadOnlyList<string> AllowedRoots(IConfiguration configuration) =>
        configuration.GetSection(HousekeepingSettings.AllowedRootsKey).Get<string[]>() ?? [];

    internal static string NoRoots =>
        $"the dashboard has no {HousekeepingSettings.AllowedRootsKey} configured, so it refuses every cleanup; list the absolute paths cleanups may work in";

    internal static IResult Invalid(InvalidCleanupException e) =>
        Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid cleanup registration",
            extensions: new Dictionary<string, object?> { ["errors"] = ProblemFields.For(e) });

    internal static IResult NotFound(string id) =>
        Results.Problem($"no cleanup registration with id \"{TaskIds.Shown(id)}\"", statusCode: StatusCodes.Status404NotFound, title: "Cleanup registration not found");

    internal static IResult BadId(string id) =>
        Results.Problem($"cleanup registration id \"{TaskIds.Shown(id)}\" is not accepted; expected {TaskIds.Accepted}",
            statusCode: StatusCodes.Status400BadRequest, title: "Invalid cleanup registration id");
}
