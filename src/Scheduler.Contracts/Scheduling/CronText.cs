using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>Recognises and normalizes cron text before Cronos (which owns the cron semantics) validates it.</summary>
internal static partial class CronText
{
    public const string Accepted = "5 fields (minute hour day month weekday), 6 with leading seconds, or a macro such as @daily";

    private static readonly Dictionary<string, string> Macros = new(StringComparer.Ordinal)
    {
        ["@yearly"] = "0 0 1 1 *", ["@annually"] = "0 0 1 1 *", ["@monthly"] = "0 0 1 * *", ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *", ["@midnight"] = "0 0 * * *", ["@hourly"] = "0 * * * *",
        ["@every_minute"] = "* * * * *", ["@every_second"] = "* * * * * *",
    };

    /// <summary>
    /// True when <paramref name="text"/> is shaped like bare cron: a macro, or 5–6 fields of cron characters whose
    /// first (seconds or minutes) field uses no names and whose words are cron's (month and day names, L, W), so
    /// "every mon wed fri at 7pm" and "2 hours 30 minutes from now" are never mistaken for cron. 7 fields whose last is
    /// a year (Quartz's form) count too, so the error says what the seventh field is.
    /// </summary>
    public static bool LooksLikeCron(string text)
    {
        if (text.StartsWith('@')) return !text.StartsWith("@ ", StringComparison.Ordinal);
        var fields = text.Split(' ');
        return (fields.Length is 5 or 6 || (fields.Length == 7 && YearField().IsMatch(fields[6]))) && FirstField().IsMatch(fields[0])
            && fields.All(f => Field().IsMatch(f) && CronWords(f));
    }

    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "sun", "mon", "tue", "wed", "thu", "fri", "sat", "l", "w", "lw",
    };

    // The letters of a field are cron's own: names ("mon-fri", "jan,jul"), L, W, LW, nL ("5l"), nW ("15w").
    private static bool CronWords(string field) =>
        Regex.Split(field, "[^a-z]+").Where(w => w.Length > 0).All(Names.Contains);

    /// <summary>Single-spaced, names upper-case, macros lower-case: one spelling per expression for storage.</summary>
    public static string Normalize(string expression)
    {
        var text = string.Join(' ', expression.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (text.StartsWith('@'))
        {
            var macro = text.ToLowerInvariant();
            if (macro == "@reboot") throw new ScheduleSpecException(RebootRefusal, expression);
            return Macros.ContainsKey(macro) ? macro
                : throw new ScheduleSpecException($"unknown cron macro \"{text}\"; expected one of {string.Join(", ", Macros.Keys)}", expression);
        }
        var fields = text.Split(' ');
        // Quartz's seventh field is the year; "*" or "?" there is every year, which six fields already say.
        if (fields.Length == 7 && fields[6] is "*" or "?") fields = fields[..6];
        if (fields.Length is not (5 or 6))
            throw new ScheduleSpecException($"cron expression \"{text}\" has {fields.Length} fields; expected {Accepted}" +
                (fields.Length == 7 ? "; a seventh field (Quartz's year) is not taken: leave it out, and end the schedule with the option endAt" : ""), expression);
        foreach (var field in fields)
            if (!Field().IsMatch(field.ToLowerInvariant()))
                throw new ScheduleSpecException(
                    $"invalid cron field \"{field}\" in \"{text}\"; expected numbers, names (MON, JAN) and * ? , - / L W #", expression);
        return ExpandListSteps(fields).ToUpperInvariant();
    }

    /// <summary>The fields of a normalized expression with macros expanded, for describing it.</summary>
    public static string[] Fields(string canonical) =>
        (Macros.TryGetValue(canonical, out var expanded) ? expanded : canonical).Split(' ');

    [GeneratedRegex(@"^(?:\*|\?|\d{4}(?:[-/,]\d{1,4})*)$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex YearField();

    [GeneratedRegex(@"^[0-9*?][0-9*?/,\-]*$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex FirstField();

    [GeneratedRegex(@"^[0-9a-z*?/,\-#]+$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex Field();
}
