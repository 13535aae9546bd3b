using System.Security.Claims;
using Scheduler.Contracts.Client;

namespace Scheduler.Dashboard.Security;

/// <summary>
/// Who a request acts for, as <see cref="AccessGate"/> decided: the basic-auth user, the API key's name
/// (<see cref="AccessOptions.ApiKeyName"/>), or "local" for trusted loopback without credentials. Recorded as the
/// createdBy/changedBy of what the request schedules or changes.
/// </summary>
internal static class Actors
{
    public const string Local = "local";
    public const string LoopbackScheme = "TrustedLoopback";
    public const string CredentialsScheme = "Credentials";

    /// <summary>The role of the viewer's credentials: reads only.</summary>
    public const string ViewerRole = "viewer";
    public const string OperatorRole = "operator";

    public static ClaimsPrincipal Principal(string name, string scheme, bool readOnly) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, readOnly ? ViewerRole : OperatorRole)], scheme));

    /// <summary>Whether the request came with the viewer's (read-only) credentials.</summary>
    public static bool IsViewer(HttpContext context) => context.User.IsInRole(ViewerRole);

    /// <summary>The actor's name; "local" when the gate set none (it always does on the routes it guards).</summary>
    public static string Of(HttpContext context) => context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : Local;

    /// <summary>The dashboard's client acting for the request's actor.</summary>
    public static SchedulerClient ActingClient(this HttpContext context) =>
        context.RequestServices.GetRequiredService<SchedulerClient>().As(Of(context));
}
