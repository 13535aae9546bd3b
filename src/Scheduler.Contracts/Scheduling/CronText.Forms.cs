using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

// Cron as the other schedulers write it: Celery's and Vixie's "*/3" inside a list, Quartz's "?" with its own weekday
// numbers, crontab's @reboot.
internal static partial class CronText
{
    private const string RebootRefusal = "\"@reboot\" runs when the cron daemon starts, which is no time a schedule can name; " +
        "to run when your service starts, publish an event from its start-up and trigger the task on it (\"on:<event-name>\"), or schedule it once with \"now\"";

    // Lowest and highest value of each field, for 5 fields (minute … weekday) and for 6 (seconds first).
    private static readonly (int Min, int Max)[] Ranges5 = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];

    /// <summary>
    /// "*/3,8-17" (Celery's hour="*/3,8-17", Vixie cron's lists): a step over the whole range inside a list, which
    /// Cronos refuses, written as that range ("0-23/3,8-17"): the same hours, and the form Cronos reads.
    /// </summary>
    private static string ExpandListSteps(string[] fields)
    {
        var offset = fields.Length == 6 ? 1 : 0;
        var result = new string[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var (min, max) = i < offset ? (0, 59) : Ranges5[i - offset];
            result[i] = fields[i].Contains(',', StringComparison.Ordinal)
                ? string.Join(',', fields[i].Split(',').Select(item => item.StartsWith("*/", StringComparison.Ordinal) ? $"{min}-{max}{item[1..]}" : item))
                : fields[i];
        }
        return string.Join(' ', result);
    }

    /// <summary>
    /// A Quartz expression ("0 0 9 ? * 2": seconds first and "?" for the day of the month) numbers weekdays from 1 =
    /// Sunday, cron from 0 = Sunday, so its weekday numbers name different days: Quartz's 2 is Monday, cron's Tuesday;
    /// "6L" is the last Friday in Quartz and the last Saturday in cron. Neither is guessed: the error gives both, each in
    /// cron's numbers. Null when the expression is not so written (names, no "?", or a 0 that Quartz does not have).
    /// </summary>
    public static string? QuartzWeekdayNumbers(string canonical, string zoneId)
    {
        var fields = canonical.Split(' ');
        if (fields.Length != 6 || fields[3] != "?" || !WeekdayNumber().IsMatch(fields[5])) return null;
        var numbers = WeekdayNumber().Matches(fields[5]).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        if (numbers.Any(n => n is < 1 or > 7)) return null;
        var asQuartz = WeekdayNumber().Replace(fields[5], m => (int.Parse(m.Value, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture));
        string Form(string dow) => string.Join(' ', fields[..3].Append("*").Append(fields[4]).Append(dow));
        string Reads(string expression) => CronDescription.Describe(expression, zoneId) is var d && d.StartsWith("cron ", StringComparison.Ordinal) ? "" : $" ({d[..d.LastIndexOf(" (", StringComparison.Ordinal)]})";
        var quartz = Form(asQuartz);
        var cron = Form(fields[5]);
        return $"weekday numbers in cron expression \"{canonical}\" read two ways: its \"?\" day field is Quartz's form, where 1 is Sunday, and cron counts from 0 = Sunday; " +
            $"expected the day in cron's numbers without \"?\", \"{quartz}\"{Reads(quartz)} for Quartz's reading or \"{cron}\"{Reads(cron)} for cron's, or day names (MON-FRI)";
    }

    // A weekday number: not the n of "#n", and not a step "/n".
    [GeneratedRegex(@"(?<![#/\d])\d+", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex WeekdayNumber();
}
