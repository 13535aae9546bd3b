using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary>The <c>schedule</c> options that describe and bound a task: description, module, start-after, end, jitter, run-if-past, created paused (with a note and an end).</summary>
internal sealed class ScheduleMetadataOptions
{
    private readonly Option<string?> _description = new("--description") { Description = "Free text shown by info and the dashboard" };
    private readonly Option<string?> _module = new("--module") { Description = "Owning module, for grouping (list --module, cancel --all --module)" };
    private readonly Option<string?> _endAt = new("--end-at") { Description = "No run after this instant (2026-12-31T18:00 in --tz, or \"tomorrow at 6pm\"; a day without a time, \"dec 31\", ends after that day); the task then expires" };
    private readonly Option<string?> _startAfter = new("--start-after") { Description = "No run before this instant (2026-12-01T09:00 in --tz, or \"monday at 9am\"); earlier occurrences are skipped, an interval keeps its anchor" };
    private readonly Option<string?> _jitter = new("--jitter") { Description = "Random delay up to this (e.g. 30s, 5m; at most 1h) added to each run, to spread tasks due together" };
    private readonly Option<bool> _runIfPast = new("--run-if-past") { Description = "A one-shot spec in the past runs at once instead of being refused" };
    private readonly Option<bool> _paused = new("--paused") { Description = "Create it paused, in the same write: nothing runs until 'scheduler resume' (missed runs then follow --misfire)" };
    private readonly Option<string?> _note = new("--note") { Description = "With --paused: why it is paused; shown with the task and kept in the audit log" };
    private readonly Option<string?> _until = new("--until") { Description = "With --paused: when the pause lifts itself, e.g. 2h (from now), 2026-12-01T09:00 (in --tz) or \"tomorrow at 9am\"" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _description, _module, _startAfter, _endAt, _jitter, _runIfPast, _paused, _note, _until }) command.Options.Add(option);
    }

    /// <summary><paramref name="options"/> with the description, module, bounds, jitter and run-if-past given on the command line.</summary>
    public ScheduleOptions Apply(ScheduleOptions options, string timeZone, ParseResult parse, TimeProvider time) => options with
    {
        Paused = Pause(timeZone, parse, time) ?? options.Paused,
        Description = parse.GetValue(_description) ?? options.Description,
        ModuleId = parse.GetValue(_module) ?? options.ModuleId,
        StartAfter = InstantOption.Read(parse.GetValue(_startAfter), "--start-after", timeZone, time) ?? options.StartAfter,
        EndAt = InstantOption.ReadEnd(parse.GetValue(_endAt), "--end-at", timeZone, time) ?? options.EndAt,
        Jitter = Scheduler.Cli.Output.Durations.ParseWithin(parse.GetValue(_jitter), "--jitter", ScheduleOptionsValidator.MaxJitter, zeroAllowed: true) ?? options.Jitter,
        RunIfPast = parse.GetValue(_runIfPast) || options.RunIfPast,
    };

    // --note and --until say what a task created paused is paused for and until when; alone they would be dropped.
    private PauseRequest? Pause(string timeZone, ParseResult parse, TimeProvider time)
    {
        var until = InstantOption.ReadAhead(parse.GetValue(_until), "--until", timeZone, time);
        if (parse.GetValue(_paused)) return new PauseRequest { Note = parse.GetValue(_note), Until = until };
        if (parse.GetValue(_note) is not null)
            throw new CliException(ExitCodes.BadInput, "--note is the note of a task created paused; give --paused with it (or leave it out)");
        if (until is not null)
            throw new CliException(ExitCodes.BadInput, "--until is the end of the pause of a task created paused; give --paused with it (or leave it out)");
        return null;
    }
}
