namespace Scheduler.Dashboard.Security;

internal sealed partial class AccessGate
{
    // POSTs that only read: the spec preview of the schedule form, and the counters Hangfire's pages poll at each mount.
    private static readonly string[] ReadingPosts = ["/api/schedules/parse", "/stats", "/hangfire/stats"];

    /// <summary>Null when the viewer may make this request (any read); otherwise why not (any write).</summary>
    private static string? ViewerProblem(HttpRequest request, Caller viewer)
    {
        if (!IsStateChanging(request.Method)) return null;
        if (HttpMethods.IsPost(request.Method) && ReadingPosts.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase))) return null;
        return $"\"{viewer.Name}\" has the read-only viewer credentials ({S}:ViewerUsername/ViewerPassword or ViewerApiKey), which may read every page, "
            + $"GET endpoint and event stream but change nothing: {request.Method} {request.Path} is a change. "
            + $"Use the operator's credentials ({S}:Username/Password or ApiKey) to make it";
    }
}
