using System.CommandLine;
using Scheduler.Contracts.Client;

namespace Scheduler.Cli.Commands;

/// <summary>The options every <c>schedule &lt;type&gt;</c> command shares.</summary>
internal sealed class CommonScheduleOptions
{
    private readonly Option<string?> _id = new("--id") { Description = "Caller-chosen task id (scheduling the same id twice returns the first)" };
    private readonly Option<string?> _name = new("--name") { Description = "Display name" };
    private readonly Option<string?> _timeZone = new("--tz") { Description = "IANA time zone for wall-clock specs (default UTC)" };
    private readonly Option<int?> _maxRuns = new("--max-runs") { Description = "Stop after this many runs" };
    private readonly Option<string?> _queue = new("--queue") { Description = "Hangfire queue (default: default)" };
    private readonly Option<string[]> _tags = new("--tag") { Description = "Tag (repeatable)", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        command.Options.Add(_id);
        command.Options.Add(_name);
        command.Options.Add(_timeZone);
        command.Options.Add(_maxRuns);
        command.Options.Add(_queue);
        command.Options.Add(_tags);
    }

    public ScheduleOptions Read(ParseResult parse) => new()
    {
        Id = parse.GetValue(_id),
        Name = parse.GetValue(_name),
        TimeZone = parse.GetValue(_timeZone),
        MaxRuns = parse.GetValue(_maxRuns),
        Queue = parse.GetValue(_queue),
        Tags = parse.GetValue(_tags) is { Length: > 0 } tags ? tags : null,
    };
}
