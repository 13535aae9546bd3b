using System.Text;
using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Whatever the input, Parse either succeeds or throws <see cref="ScheduleSpecException"/>.</summary>
public sealed class ScheduleFuzzTests
{
    private static readonly string[] Seeds =
    [
        "in 30 minutes", "in 1h30m", "tomorrow at 2pm", "next monday at 9:00", "at 14:30", "on dec 24 at 6pm",
        "on 2026-12-24 at 18:00", "every 5 minutes", "every weekday at 9am", "every mon,wed,fri at 7pm",
        "every month on the 1st at noon", "every 15th at 9:00", "every 3 months", "hourly", "daily at 9am",
        "cron:30 2 * * *", "0 0 L * *", "0 0 * * 5#3", "0 30 2 * * *", "@yearly", "at:2026-05-14T14:30:00",
        "2026-07-27T14:30:00+02:00", "in:90s", "every:PT1H30M", "every dec 24 at 6pm", "24th of december 2027",
        "RRULE:FREQ=MONTHLY;BYDAY=-1FR", "DTSTART;TZID=America/New_York:20271107T000000 RRULE:FREQ=HOURLY;COUNT=5",
        "DTSTART:20260101T090000Z RRULE:FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO;WKST=SU",
        "RRULE:FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,10;BYSETPOS=-1 EXDATE:20260308T090000Z",
        "DTSTART;TZID=Europe/Berlin:20260329T023000 RRULE:FREQ=DAILY;UNTIL=20270101", "R5/2026-12-01T09:00:00Z/PT1H",
        "R/P1W", "PT15M", "P1D", "R3/2026-01-31T10:00:00Z/P1M", "R/2026-03-01T00:00:00Z/2026-03-01T00:30:00Z",
    ];

    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Pacific/Kiritimati"];

    private static readonly string[] Words =
    [
        "every", "in", "at", "on", "next", "the", "and", ",", "last", "day", "month", "year", "week", "mon", "feb", "29",
        "31st", "25:00", "12am", "noon", "99999999999999", "-", "*", "/", "#", "L", "W", "?", "@", "cron:", "at:", "T", "Z",
        "+14:00", "9999-12-31", "0001-01-01", "1h", "0s", "PT", "P", "ünïcødé", "日本", "🙂", "\u00A0",
        "RRULE:", "FREQ=", "DTSTART:", "EXDATE:", ";", "=", "BYDAY=", "-1", "53", "366", "99991231T235959Z", "R/", "R9999/",
        "COUNT=100000", "INTERVAL=999999", "BYSETPOS=", "TZID=",
    ];

    [Fact]
    public void Ten_thousand_random_specs_only_ever_raise_schedule_spec_exceptions()
    {
        var random = new Random(20260307);
        for (var i = 0; i < 10_000; i++)
        {
            var spec = Generate(random, i % 6);
            var options = Options(Zones[random.Next(Zones.Length)], random.Next(20) == 0 ? DateTimeOffset.MaxValue.AddDays(-random.Next(400)) : Now,
                allowPast: random.Next(2) == 0);
            try
            {
                var parsed = ScheduleParser.Parse(spec, options);
                Assert.False(string.IsNullOrEmpty(parsed.Canonical));
                _ = parsed.Next(2, Now);
            }
            catch (ScheduleSpecException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), spec);
            }
        }
    }

    private static string Generate(Random random, int kind) => kind switch
    {
        0 => new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0, 128)).ToArray()),
        1 => new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0, 0x10000)).ToArray()),
        2 => string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => (char)('0' + random.Next(10)))) + (random.Next(2) == 0 ? " minutes" : "h"),
        3 => Mutate(Seeds[random.Next(Seeds.Length)], random),
        4 => string.Join(' ', Enumerable.Range(0, random.Next(1, 8)).Select(_ => Words[random.Next(Words.Length)])),
        _ => Seeds[random.Next(Seeds.Length)].Replace("1", new string('9', random.Next(1, 30))),
    };

    private static string Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(4))
            {
                case 0 when at < text.Length: text.Remove(at, 1); break;
                case 1: text.Insert(at, (char)random.Next(32, 127)); break;
                case 2: text.Insert(at, Words[random.Next(Words.Length)]); break;
                default: if (at < text.Length) text[at] = (char)random.Next(32, 127); break;
            }
        }
        return text.ToString();
    }
}
