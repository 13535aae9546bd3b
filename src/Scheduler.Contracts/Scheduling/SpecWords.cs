using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>The vocabulary shared by the natural-language grammar: weekday and month names, ordinals, numbers.</summary>
internal static partial class SpecWords
{
    public const string WeekdayList = "mon..sun";
    public const string MaxNumberText = "1000000";
    private const long MaxNumber = 1_000_000;

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new()
    {
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday, ["sundays"] = DayOfWeek.Sunday,
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday, ["mondays"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday, ["tuesdays"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["weds"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday, ["wednesdays"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday, ["thursdays"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday, ["fridays"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday, ["saturdays"] = DayOfWeek.Saturday,
    };

    private static readonly string[][] Months =
    [
        ["jan", "january"], ["feb", "february"], ["mar", "march"], ["apr", "april"], ["may"], ["jun", "june"],
        ["jul", "july"], ["aug", "august"], ["sep", "sept", "september"], ["oct", "october"], ["nov", "november"], ["dec", "december"],
    ];

    public static bool TryWeekday(string? token, out DayOfWeek day) => Weekdays.TryGetValue(token ?? "", out day);

    /// <summary>"mondays", "fridays": a weekday every week. Not "tues" or "thurs", which are one day abbreviated.</summary>
    public static bool IsPluralWeekday(string? token) =>
        token is { Length: > 6 } && token.EndsWith('s') && TryWeekday(token, out _) && TryWeekday(token[..^1], out _);

    /// <summary>Guesses whether an unknown word was meant as a weekday, so the error can list the weekdays.</summary>
    public static bool LooksLikeWeekday(string token) =>
        token.Length is >= 5 and <= 12 && (token.EndsWith("day", StringComparison.Ordinal) || token.EndsWith("days", StringComparison.Ordinal));

    public static bool TryMonth(string? token, out int month)
    {
        for (month = 1; month <= 12; month++)
            if (Array.IndexOf(Months[month - 1], token) >= 0) return true;
        month = 0;
        return false;
    }

    public static string MonthName(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    public static string WeekdayName(DayOfWeek day) => day.ToString();

    public static bool IsDigits(string? token) => !string.IsNullOrEmpty(token) && token.All(char.IsAsciiDigit);

    private static readonly string[] Units =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
         "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    /// <summary>"two", "fifteen", "forty-five", "ninety" as digits ("2", "15", "45", "90"); null for any other word.</summary>
    public static string? NumberWord(string? token)
    {
        if (token is null) return null;
        var unit = Array.IndexOf(Units, token);
        if (unit > 0) return unit.ToString(CultureInfo.InvariantCulture);
        var parts = token.Split('-');
        var tens = Array.IndexOf(Tens, parts[0]);
        if (tens < 2 || parts.Length > 2) return null;
        if (parts.Length == 1) return (tens * 10).ToString(CultureInfo.InvariantCulture);
        var ones = Array.IndexOf(Units, parts[1]);
        return ones is > 0 and < 10 ? (tens * 10 + ones).ToString(CultureInfo.InvariantCulture) : null;
    }

    private static readonly string[] UnitOrdinals =
        ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
         "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"];

    /// <summary>
    /// "fifteenth", "twenty-first", "thirtieth" written as "15th", "21st", "30th", so "on the first and fifteenth of
    /// every month" reads as "on the first and 15th …" does. "first" to "fifth" alone stay words: they also count
    /// weekdays ("first monday", "second to last friday") and "second" is a unit. For the same reason "twenty second"
    /// is 20 seconds ("every twenty second", "in twenty second"); only "twenty-second" is the 22nd. Of the thirties only
    /// "thirty-first" ("thirty first") is a day: no month has a 32nd, and "thirty second" is 30 seconds.
    /// </summary>
    public static string OrdinalWordsAsDigits(string lower) => SpelledOrdinalPattern().Replace(lower, m =>
    {
        var tens = m.Groups["tens"].Value switch { "twenty" or "twentieth" => 20, "thirty" or "thirtieth" => 30, _ => 0 };
        var unit = m.Groups["unit"].Success ? Array.IndexOf(UnitOrdinals, m.Groups["unit"].Value) : 0;
        return Ordinal(tens + unit);
    });

    /// <summary>Reads a positive whole number, rejecting huge ones with a message instead of overflowing.</summary>
    public static long Number(string token, SpecCursor cursor)
    {
        if (token.Length > MaxNumberText.Length || !long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxNumber)
            throw cursor.Error($"number \"{token}\" in \"{cursor.Spec}\" is too large; expected at most {MaxNumberText}");
        if (value == 0) throw cursor.Error($"number \"0\" in \"{cursor.Spec}\" must be positive; expected 1..{MaxNumberText}");
        return value;
    }

    /// <summary>"1st", "2nd", "15th", "31" as a day of the month; <paramref name="requireSuffix"/> for ambiguous places.</summary>
    public static bool TryOrdinal(string? token, bool requireSuffix, SpecCursor cursor, out int day)
    {
        day = 0;
        if (token is null || token.Length == 0 || !char.IsAsciiDigit(token[0])) return false;
        var digits = token.TakeWhile(char.IsAsciiDigit).Count();
        var suffix = token[digits..];
        if (suffix is not ("" or "st" or "nd" or "rd" or "th") || (requireSuffix && suffix.Length == 0)) return false;
        if (digits > 2 || !int.TryParse(token[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out day) || day is < 1 or > 31)
            throw cursor.Error($"invalid day of month \"{token}\" in \"{cursor.Spec}\"; expected 1st-31st");
        return true;
    }

    public static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch
    {
        1 => "st", 2 => "nd", 3 => "rd", _ => "th",
    });

    // The words a spec is made of, for "did you mean …?": never used to read a spec, only to name the likely word.
    private static readonly string[] Vocabulary =
    [
        "every", "each", "other", "daily", "hourly", "weekly", "monthly", "yearly", "annually", "quarterly", "minutely", "nightly",
        "weekday", "weekdays", "weekend", "weekends", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
        "quarter", "fortnight", "today", "tomorrow", "tonight", "midnight", "noon", "midday", "morning", "afternoon", "evening",
        "night", "starting", "beginning", "until", "except", "between", "times", "first", "third", "fourth", "fifth", "last",
        "semi-annually", "twice", "once", "past", "half", "next", "oclock", "fortnightly", "biweekly",
    ];

    /// <summary>
    /// The word of the grammar <paramref name="token"/> is most likely a misspelling of ("evry" → "every", "tuesdy" →
    /// "tuesday", "minuets" → "minutes"): one edit away (two for words of 7 letters or more), a swap of neighbours
    /// counting as one. Null when none is that close, or two are equally close. Errors name it; a spec is never read
    /// with it.
    /// </summary>
    public static string? DidYouMean(string? token)
    {
        if (token is null || token.Length < 4 || !token.All(ch => char.IsAsciiLetterLower(ch) || ch == '-')) return null;
        var most = token.Length >= 7 ? 2 : 1;
        var close = new List<(string Word, int Distance)>();
        foreach (var word in Vocabulary)
        {
            if (Math.Abs(word.Length - token.Length) > most) continue;
            var distance = EditDistance(token, word);
            if (distance == 0) return null;
            if (distance <= most) close.Add((word, distance));
        }
        if (close.Count == 0) return null;
        var nearest = close.Min(w => w.Distance);
        var words = close.Where(w => w.Distance == nearest).Select(w => w.Word).ToList();
        // "minuts" is as near "minute" as "minutes": one word in its two numbers, the plural when what was typed ends in "s".
        if (words.Count == 2 && IsPluralOf(words[0], words[1]))
            words = [token.EndsWith('s') ? words.MaxBy(w => w.Length)! : words.MinBy(w => Math.Abs(w.Length - token.Length))!];
        return words.Count == 1 ? words[0] : null;
    }

    private static bool IsPluralOf(string a, string b) => a + "s" == b || b + "s" == a;

    /// <summary>" (did you mean \"every\"?)" for a likely misspelling of a word of the grammar, else "".</summary>
    public static string DidYouMeanNote(string? token) => DidYouMean(token) is { } word ? $" (did you mean \"{word}\"?)" : "";

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours (the CLI
    // names a mistyped command with it too).
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"(?<![a-z-])(?:(?<tens>twenty)-(?<unit>second)|(?<tens>twenty)[- ](?<unit>first|third|fourth|fifth|sixth|seventh|eighth|ninth)|(?<tens>thirty)[- ](?<unit>first)|(?<unit>sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)|(?<tens>twentieth|thirtieth))(?![a-z-])",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex SpelledOrdinalPattern();
}
