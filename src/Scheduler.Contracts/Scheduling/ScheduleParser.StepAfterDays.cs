using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>
    /// "every weekday every 15 minutes from 9am to 5pm", "on weekdays every hour", "mondays every 30 minutes": the days,
    /// then a second "every" with the step, are the step on those days ("every 15 minutes on weekdays from 9am to 5pm").
    /// "every 45 minutes every day" is the step alone. Other specs are left as they are.
    /// </summary>
    private static string MoveStepBeforeDays(string lower)
    {
        if (DaysThenStepPattern().Match(lower) is { Success: true } days)
        {
            var named = days.Groups["d"].Value;
            var plural = named is "weekday" or "weekend" ? named + "s" : named;
            return plural == "day" ? days.Groups["s"].Value : $"{days.Groups["s"].Value} on {plural}";
        }
        return StepThenEveryDayPattern().Match(lower) is { Success: true } step ? step.Groups["s"].Value + step.Groups["r"].Value : lower;
    }

    private const string StepWords = @"every (?:\d+ ?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)|(?:hour|minute|half hour|quarter hour|other hour))\b";

    private const string DayWords = @"(?:day|weekdays?|weekends?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?: ?(?:,|and|&) ?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)*)";

    [GeneratedRegex($@"^(?:(?:every|each|on) )?(?<d>{DayWords}) (?<s>{StepWords}.*)$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex DaysThenStepPattern();

    [GeneratedRegex($@"^(?<s>{StepWords}.*?) (?:every|each) day(?<r>(?: .*)?)$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex StepThenEveryDayPattern();
}
