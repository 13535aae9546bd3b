using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>The options every <c>schedule &lt;type&gt;</c> command shares.</summary>
internal sealed class CommonScheduleOptions(string defaultTimeZone)
{
    private readonly Option<string?> _id = new("--id")
    {
        Description = "Caller-chosen task id: the same definition again says \"already scheduled\", a different one while it is live fails (exit 6), an ended one is scheduled anew",
    };
    private readonly Option<bool> _replace = new("--replace") { Description = "With --id: replace a live task's definition in place (id and history kept)" };
    private readonly Option<string?> _name = new("--name") { Description = "Display name" };
    // The default named as it is now: the client reads specs in $SCHEDULER_TIMEZONE when set, and help saying UTC misled.
    private readonly Option<string?> _timeZone = new("--tz")
    {
        Description = $"IANA time zone for wall-clock specs, --start-at, --start-after and --end-at (default: {defaultTimeZone}; $SCHEDULER_TIMEZONE sets the default)",
    };
    private readonly Option<int?> _maxRuns = new Option<int?>("--max-runs") { Description = "Stop after this many runs" }.Within(1, int.MaxValue);
    private readonly Option<string?> _queue = new("--queue") { Description = "Hangfire queue (default: default)" };
    private readonly Option<string[]> _tags = new("--tag") { Description = "Tag (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _idempotencyKey = new("--idempotency-key") { Description = "Scheduling twice with the same key returns the same task" };
    private readonly Option<MisfirePolicy?> _misfire = new("--misfire") { Description = "runOnce (default), skip or runAll" };
    private readonly Option<OverlapPolicy?> _overlap = new("--overlap") { Description = "skip (default), allow, queue or cancelPrevious" };
    private readonly Option<int?> _retries = new Option<int?>("--retries") { Description = "Retries after the first attempt (0..100, default 3)" }.Within(0, 100);
    private readonly Option<string?> _softTimeout = new("--soft-timeout") { Description = "e.g. 30s, 5m: the handler is asked to stop" };
    private readonly Option<string?> _startAt = StartAtOption.Create();
    private readonly Option<string?> _hardTimeout = new("--hard-timeout") { Description = "e.g. 1m, 10m: the attempt is abandoned" };
    private readonly Option<bool> _noVerify = new("--no-verify")
    {
        Description = "Schedule even if no live worker offers the task's type, plugin, MCP server, channel or program (for workers that start later; also SCHEDULER_VERIFY=false)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_id);
        command.Options.Add(_replace);
        command.Options.Add(_name);
        command.Options.Add(_timeZone);
        command.Options.Add(_maxRuns);
        command.Options.Add(_queue);
        command.Options.Add(_tags);
        command.Options.Add(_idempotencyKey);
        command.Options.Add(_misfire);
        command.Options.Add(_overlap);
        command.Options.Add(_retries);
        command.Options.Add(_softTimeout);
        command.Options.Add(_hardTimeout);
        command.Options.Add(_startAt);
        command.Options.Add(_noVerify);
        _flow.AddTo(command);
    }

    private readonly FlowControlOptions _flow = new();

    /// <summary>Adds the retry and timeout overrides given on the command line to <paramref name="task"/>.</summary>
    public TaskDefinition ApplyExecution(TaskDefinition task, ParseResult parse)
    {
        var retries = parse.GetValue(_retries);
        var soft = Durations.ParseWithin(parse.GetValue(_softTimeout), "--soft-timeout", ExecutionPolicy.MaxTimeout, zeroAllowed: false);
        var hard = Durations.ParseWithin(parse.GetValue(_hardTimeout), "--hard-timeout", ExecutionPolicy.MaxTimeout, zeroAllowed: false);
        return retries is null && soft is null && hard is null ? task
            : task with { Execution = (task.Execution ?? new ExecutionPolicy()) with { MaxRetries = retries, SoftTimeout = soft, HardTimeout = hard } };
    }

    /// <summary>The zone the spec and the instants given with it are read in: <c>--tz</c>, else the default the client reads specs in.</summary>
    public string ZoneOf(ParseResult parse) => parse.GetValue(_timeZone) ?? defaultTimeZone;

    public ScheduleOptions Read(ParseResult parse, TimeProvider time) => _flow.ApplyTo(new()
    {
        Id = parse.GetValue(_id),
        Replace = parse.GetValue(_replace),
        Name = parse.GetValue(_name),
        TimeZone = parse.GetValue(_timeZone),
        MaxRuns = parse.GetValue(_maxRuns),
        Queue = parse.GetValue(_queue),
        Tags = parse.GetValue(_tags) is { Length: > 0 } tags ? tags : null,
        IdempotencyKey = parse.GetValue(_idempotencyKey),
        Misfire = parse.GetValue(_misfire) ?? MisfirePolicy.RunOnce,
        Overlap = parse.GetValue(_overlap) ?? OverlapPolicy.Skip,
        StartAt = StartAtOption.Read(parse.GetValue(_startAt), ZoneOf(parse), time),
        // Null leaves the choice to the client, which SCHEDULER_VERIFY configures.
        Verify = parse.GetValue(_noVerify) ? false : null,
    }, parse);

}
