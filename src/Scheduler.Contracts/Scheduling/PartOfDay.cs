namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// "morning", "afternoon", "evening", "night" in "every weekday morning at 7" or "nightly at 2am". Such a word only
/// confirms the time written with it, which must lie in its hours; alone it says no time and is refused, as is a time
/// outside it ("every evening at 7" is 07:00, no evening time): the spec is never bent to fit a guess.
/// </summary>
internal sealed record PartOfDay(string Name, TimeOnly From, TimeOnly To, string Example)
{
    private static readonly PartOfDay Morning = new("morning", new(4, 0), new(11, 59, 59), "8am");
    private static readonly PartOfDay Afternoon = new("afternoon", new(12, 0), new(17, 59, 59), "3pm");
    private static readonly PartOfDay Evening = new("evening", new(17, 0), new(23, 59, 59), "7pm");
    // Night runs across midnight: 19:00 to 05:59.
    private static readonly PartOfDay Night = new("night", new(19, 0), new(5, 59, 59), "10pm");

    /// <summary>"morning", "mornings", "night", "nights", …; null for any other word.</summary>
    public static PartOfDay? Find(string? word) => word?.TrimEnd('s') switch
    {
        "morning" => Morning,
        "afternoon" => Afternoon,
        "evening" => Evening,
        "night" or "nightly" => Night,
        _ => null,
    };

    /// <summary>True when <paramref name="time"/> lies in this part of the day (both ends included).</summary>
    public bool Contains(TimeOnly time) => From <= To ? time >= From && time <= To : time >= From || time <= To;

    /// <summary>The hours in words, for errors: "04:00-11:59".</summary>
    public string Hours => $"{SpecTime.Format(From)}-{SpecTime.Format(new TimeOnly(To.Hour, To.Minute))}";
}
