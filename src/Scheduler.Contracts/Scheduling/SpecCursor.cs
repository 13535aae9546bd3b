namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// A forward-only reader over the words of a normalized (lower-case, single-spaced) spec. Commas and ampersands are
/// split into their own tokens so "mon,wed,fri" and "mon, wed &amp; fri" read the same.
/// </summary>
internal sealed class SpecCursor
{
    private readonly string[] _tokens;

    public SpecCursor(string normalized, string spec)
    {
        Spec = spec;
        _tokens = normalized.Replace(",", " , ").Replace("&", " and ")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(WeekdaysBySlash).ToArray();
    }

    // "mon/wed/fri" is a list of weekdays, read as "mon , wed , fri"; any other word with a slash stays whole. A lone
    // "@" is "at" ("every monday @ 9am").
    private static IEnumerable<string> WeekdaysBySlash(string token)
    {
        if (token == "@") return ["at"];
        if (!token.Contains('/')) return [token];
        var parts = token.Split('/');
        return parts.All(p => SpecWords.TryWeekday(p, out _)) ? parts.SelectMany((p, i) => i == 0 ? [p] : new[] { ",", p }) : [token];
    }

    /// <summary>The spec as the caller wrote it (trimmed), quoted in error messages.</summary>
    public string Spec { get; }

    public int Position { get; set; }

    public bool AtEnd => Position >= _tokens.Length;

    /// <summary>How many tokens the spec has.</summary>
    public int Count => _tokens.Length;

    /// <summary>The tokens from <paramref name="start"/> up to (not including) <paramref name="end"/>, space-separated.</summary>
    public string Slice(int start, int end) => string.Join(' ', _tokens[start..end]);

    public string? Peek(int ahead = 0) => Position + ahead < _tokens.Length ? _tokens[Position + ahead] : null;

    public string Next() => AtEnd
        ? throw Error(Position > 0 ? $"\"{Spec}\" ends too early, after \"{_tokens[Position - 1]}\"" : "the spec is empty")
        : _tokens[Position++];

    /// <summary>Consumes the next token when it is one of <paramref name="words"/>.</summary>
    public bool Accept(params string[] words)
    {
        if (Peek() is { } token && Array.IndexOf(words, token) >= 0)
        {
            Position++;
            return true;
        }
        return false;
    }

    /// <summary>Skips list separators: ",", "and" and the serial comma's ", and" ("mon, wed, and fri").</summary>
    public bool AcceptSeparator()
    {
        if (!Accept(",")) return Accept("and");
        Accept("and");
        return true;
    }

    public ScheduleSpecException Error(string message) => new(message, Spec);

    /// <summary>The error for a word the grammar has no place for, listing what may come instead.</summary>
    public ScheduleSpecException Unexpected(string expected) => AtEnd
        ? Error($"\"{Spec}\" ends too early; expected {expected}")
        : Error($"unexpected \"{Peek()}\" in \"{Spec}\"{SpecWords.DidYouMeanNote(Peek())}; expected {expected}");
}
