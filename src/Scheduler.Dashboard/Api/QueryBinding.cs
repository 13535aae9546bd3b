using System.Text.RegularExpressions;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// A query value the endpoints' parameters could not take (limit=abc, offset=99999999999, recurring=maybe,
/// limit=1&amp;limit=2), in the API's words: the parameter, the value given and what is accepted. ASP.NET's own words
/// name the .NET type it was bound to ("Nullable&lt;int&gt; limit") and no range.
/// </summary>
internal static partial class QueryBinding
{
    private const string Instant = "an ISO 8601 date and time such as 2026-12-01T09:00:00Z";

    // What each query parameter takes, ranges as the endpoints check them once bound (every limit is 1..1000).
    private static readonly Dictionary<string, string> Accepted = new(StringComparer.OrdinalIgnoreCase)
    {
        ["limit"] = "a whole number 1-1000",
        ["offset"] = $"a whole number 0-{int.MaxValue}",
        ["count"] = "a whole number 1-100",
        ["timeoutSeconds"] = "a number of seconds 0-300",
        ["recurring"] = "true or false",
        ["dryRun"] = "true or false",
        ["from"] = Instant,
        ["to"] = Instant,
    };

    /// <summary>The problem of <paramref name="e"/> at its parameter; null when it is not a value that failed to bind.</summary>
    public static FieldError? Describe(BadHttpRequestException e, HttpRequest request)
    {
        if (FailedToBind().Match(e.Message) is not { Success: true } failed) return null;
        var name = failed.Groups["name"].Value;
        var accepted = Accepted.GetValueOrDefault(name) ?? OfType(failed.Groups["type"].Value);
        var values = request.Query[name];
        if (values.Count > 1)
            return new(name, $"{name} is given {values.Count} times ({string.Join(", ", values.Select(v => Echo.Quoted(v ?? "")))}); expected it once, {accepted}");
        return new(name, $"{name} {Echo.Quoted(values.Count == 1 ? values[0] ?? "" : failed.Groups["value"].Value)} is not accepted; expected {accepted}");
    }

    // The .NET type in ASP.NET's words ("Nullable<int>", "bool") as the JSON-ish words the API uses elsewhere.
    private static string OfType(string type) => NullableOf().Match(type) is { Success: true } inner ? OfType(inner.Groups["inner"].Value) : type switch
    {
        "int" or "long" or "short" or "byte" or "uint" or "ulong" or "ushort" or "sbyte" => "a whole number",
        "double" or "float" or "decimal" => "a number",
        "bool" => "true or false",
        "DateTimeOffset" or "DateTime" => Instant,
        "DateOnly" => "a date such as 2026-12-01",
        "TimeSpan" => "a duration such as 00:05:00",
        "Guid" => "a GUID",
        _ => "another value",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Nullable<(?<inner>.+)>$")]
    private static partial Regex NullableOf();
}
