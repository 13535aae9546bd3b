using System.Text;
using System.Xml;

namespace Scheduler.Contracts.Scheduling;

/// <summary>ISO-8601 durations (<c>PT1H30M</c>) for the canonical form of interval schedules.</summary>
internal static class IsoDuration
{
    /// <summary>
    /// Exact time, as an interval steps it. Whole days are written as hours ("PT24H", "PT36H", not "P1D"): "P1D" is a
    /// calendar day (23 or 25 hours across DST) and is read so when written alone, as a daily rule, so a canonical
    /// with days would not parse back to the same schedule.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        var text = new StringBuilder("PT");
        var hours = (long)value.TotalHours;
        if (hours > 0) text.Append(hours).Append('H');
        if (value.Minutes > 0) text.Append(value.Minutes).Append('M');
        if (value.Seconds > 0 || value.Milliseconds > 0 || (hours == 0 && value.Minutes == 0))
        {
            text.Append(value.Seconds);
            if (value.Milliseconds > 0) text.Append('.').Append(value.Milliseconds.ToString("D3"));
            text.Append('S');
        }
        return text.ToString();
    }

    public static TimeSpan Parse(string text)
    {
        try
        {
            var value = XmlConvert.ToTimeSpan(text);
            if (value <= TimeSpan.Zero) throw new FormatException("not positive");
            return value;
        }
        catch (FormatException e)
        {
            throw new ScheduleSpecException($"invalid ISO-8601 duration \"{text}\"; expected a positive duration such as PT90M or P1D", text, e);
        }
    }
}
