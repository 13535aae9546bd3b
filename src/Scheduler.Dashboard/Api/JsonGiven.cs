using System.Text.Json;
using System.Text.RegularExpressions;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// What a request body holds at the path of a <see cref="JsonException"/>, in words ("the string \"yes\"", "the number
/// 5"), so a type error can say what was given besides what is accepted. The serializer's own message names neither.
/// </summary>
internal static partial class JsonGiven
{
    /// <summary>Key of <see cref="Exception.Data"/> under which <see cref="ApiBody"/> leaves the words for <see cref="JsonProblems"/>.</summary>
    public const string DataKey = "scheduler.given";

    private const int MaxShown = 60;

    /// <summary>The value at <paramref name="path"/> ("$.options.replace", "$.options.tags[0]") of <paramref name="body"/>; null when not found.</summary>
    public static string? At(ReadOnlyMemory<byte> body, string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var element = document.RootElement;
            foreach (Match step in Step().Matches(path))
            {
                if (step.Groups["name"].Success)
                {
                    if (element.ValueKind != JsonValueKind.Object || !TryProperty(element, step.Groups["name"].Value, out element)) return null;
                }
                else if (element.ValueKind != JsonValueKind.Array || !int.TryParse(step.Groups["index"].Value, out var index)
                    || index >= element.GetArrayLength()) return null;
                else element = element[index];
            }
            return Describe(element);
        }
        // The body is not JSON at all: the reader's error already says where. A string that is no text (a lone
        // surrogate "\ud800") cannot be read back as one: the words then go without what was given.
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Shorten(string text) => text.Length <= MaxShown ? text : text[..MaxShown] + "…";

    // The serializer's paths match names case-insensitively (the web defaults); so does this.
    private static bool TryProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value)) return true;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) { value = property.Value; return true; }
        return false;
    }

    [GeneratedRegex(@"\.(?<name>[^.\[\]]+)|\['(?<name>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex Step();
}
