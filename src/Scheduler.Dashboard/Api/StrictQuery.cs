namespace Scheduler.Dashboard.Api;

/// <summary>
/// For endpoints that change or delete things: a query parameter they do not read is refused. Ignored, a misspelt
/// filter widens a change to every task, and a misspelt dry run deletes. (A body where they take none: <see cref="NoBody"/>.)
/// </summary>
internal static class StrictQuery
{
    /// <summary>Throws <see cref="ApiInputException"/> naming the first query parameter not in <paramref name="accepted"/>.</summary>
    /// <param name="hint">Appended to the refusal of an unknown parameter: where to do what it may have meant.</param>
    public static void Check(HttpRequest request, IReadOnlyCollection<string> accepted, string? hint = null)
    {
        var list = string.Join(", ", accepted);
        foreach (var key in request.Query.Keys)
            if (!accepted.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new ApiInputException($"query parameter {Echo.Quoted(key)} is not accepted by {request.Method} {request.Path}; accepted: {list}{hint}");
    }
}
