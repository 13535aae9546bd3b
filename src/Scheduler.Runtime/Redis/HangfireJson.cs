using System.Globalization;
using System.Text;
using Hangfire.Common;
using Newtonsoft.Json;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// JSON written directly in the form Hangfire's <see cref="SerializationHelper"/> gives it, for the few shapes a job's
/// life writes (a state history entry: a flat string dictionary; an occurrence job's arguments: an array of JSON texts).
/// Hangfire creates a Json.NET serializer and writer for every value, and Json.NET's own string escaping a writer per
/// string; a fire writes about twenty.
/// </summary>
/// <remarks>
/// A string with nothing to escape is written as it is between quotes; any other goes through Json.NET's escaping.
/// Serializer settings (Hangfire's or Json.NET's global defaults) could change how a string is written, so callers
/// use the direct form only when <see cref="Agrees"/>: a probe of awkward strings, checked the first time it is asked.
/// </remarks>
internal static class HangfireJson
{
    // Quotes, escapes, control and non-ASCII characters, and characters some settings escape for HTML.
    private const string Probe = "\"q\" \\ \n\t\u0001 é € 😀 <a href='x'>&amp;</a> \u2028 plain";

    private static readonly Lazy<bool> Agreement = new(() =>
        SerializationHelper.Serialize(Probe, typeof(string), SerializationOption.User) == Write(b => AppendString(b, Probe))
        && SerializationHelper.Serialize("plain é", typeof(string), SerializationOption.User) == Write(b => AppendString(b, "plain é"))
        && SerializationHelper.Serialize(long.MinValue, typeof(long), SerializationOption.User) == long.MinValue.ToString(CultureInfo.InvariantCulture)
        && SerializationHelper.Serialize(new[] { JsonConvert.ToString(Probe), "\"plain\"", "5", null }) ==
            Write(b => AppendArrayOfTexts(b, [(Probe, true), ("plain", true), ("5", false), (null, false)]))
        && SerializationHelper.Serialize(new Dictionary<string, string?> { { Probe, Probe }, { "plain", "text" }, { "null", null } }) ==
            Dictionary([new(Probe, Probe), new("plain", "text"), new("null", null)]));

    [ThreadStatic] private static StringBuilder? _cached;

    /// <summary>Whether the direct forms here equal Hangfire's serializer's output in this process.</summary>
    public static bool Agrees => Agreement.Value;

    /// <summary>
    /// An array of JSON texts as Hangfire stores a job's arguments: each item a string literal of its own JSON text
    /// (<c>Quoted</c>: that text is <c>Text</c> as a JSON string; otherwise it is <c>Text</c> itself, a number), null as null.
    /// </summary>
    public static string ArrayOfTexts(IReadOnlyList<(string? Text, bool Quoted)> items) => Write(b => AppendArrayOfTexts(b, items));

    /// <summary>A flat object of strings (null as JSON null), in the order given, as Hangfire serializes a string dictionary.</summary>
    public static string Dictionary(IReadOnlyList<KeyValuePair<string, string?>> pairs) => Write(b =>
    {
        b.Append('{');
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0) b.Append(',');
            AppendString(b, pairs[i].Key);
            b.Append(':');
            if (pairs[i].Value is { } value) AppendString(b, value);
            else b.Append("null");
        }
        b.Append('}');
    });

    private static void AppendArrayOfTexts(StringBuilder b, IReadOnlyList<(string? Text, bool Quoted)> items)
    {
        b.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) b.Append(',');
            var (text, quoted) = items[i];
            if (text is null) b.Append("null");
            // A plain string's JSON text is itself in quotes; as a string literal those quotes are escaped.
            else if (quoted && IsPlain(text)) b.Append("\"\\\"").Append(text).Append("\\\"\"");
            else AppendString(b, quoted ? JsonConvert.ToString(text) : text);
        }
        b.Append(']');
    }

    private static void AppendString(StringBuilder b, string value)
    {
        if (IsPlain(value)) b.Append('"').Append(value).Append('"');
        else b.Append(JsonConvert.ToString(value));
    }

    // Nothing Json.NET's default escaping would change: no quote, backslash, control character, or the characters it
    // escapes beyond ASCII (U+0085, U+2028, U+2029; the whole C1 range is left to it here).
    private static bool IsPlain(string value)
    {
        foreach (var c in value)
            if (c < ' ' || c == '"' || c == '\\' || c is >= '\u007f' and < '\u00a0' || c is '\u2028' or '\u2029') return false;
        return true;
    }

    private static string Write(Action<StringBuilder> write)
    {
        var b = _cached ?? new StringBuilder(256);
        _cached = null;
        b.Clear();
        write(b);
        var text = b.ToString();
        if (b.Capacity <= 1024) _cached = b;
        return text;
    }
}
