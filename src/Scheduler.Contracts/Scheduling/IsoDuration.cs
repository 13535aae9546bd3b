using System.Text;
using System.Xml;

namespace Scheduler.Contracts.Scheduling;

/// <summary>ISO-8601 durations (<c>PT1H30M</c>) for the canonical form of interval schedules.</summary>
internal static class IsoDuration
{
    public static string Format(TimeSpan value)
    {
        var text = new StringBuilder("P");
        if (value.Days > 0) text.Append(value.Days).Append('D');
        if (value.Hours > 0 || value.Minutes > 0 || value.Seconds > 0 || value.Milliseconds > 0 || value.Days == 0)
        {
            text.Append('T');
            if (value.Hours > 0) text.Append(value.Hours).Append('H');
            if (value.Minutes > 0) text.Append(value.Minutes).Append('M');
            if (value.Seconds > 0 || value.Milliseconds > 0 || (value.Hours == 0 && value.Minutes == 0))
            {
                text.Append(value.Seconds);
                if (value.Milliseconds > 0) text.Append('.').Append(value.Milliseconds.ToString("D3"));
                text.Append('S');
            }
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
