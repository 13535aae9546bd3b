using System.CommandLine;
using System.Globalization;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>--concurrency key=…,limit=N</c>, <c>--rate-limit key=…,count=N,per=1m</c>, <c>--priority high|normal|low</c>,
/// <c>--debounce key=…,window=5s</c>, <c>--idempotency-window 10m</c> (issue 18).
/// </summary>
internal sealed class FlowControlOptions
{
    private readonly Option<string?> _concurrency = new("--concurrency")
    {
        Description = "At most N runs with this key at once across the cluster, e.g. key=shell:{workingDirectory},limit=2 ({field} is the task's field)",
    };
    private readonly Option<string?> _rateLimit = new("--rate-limit")
    {
        Description = "At most N starts per period with this key across the cluster, e.g. key=mcp:{serverName},count=5,per=1m",
    };
    private readonly Option<string?> _debounce = new("--debounce")
    {
        Description = "Collapse one-shot requests with this key less than the window apart into one run with the last one's task, e.g. key=reindex,window=5s",
    };
    private readonly Option<string?> _idempotencyWindow = new("--idempotency-window")
    {
        Description = "Remember --idempotency-key this long (e.g. 10m); after it, the same key schedules anew. Default: forever",
    };
    private readonly Option<TaskPriority?> _priority = new("--priority") { Description = "high, normal (default) or low: the lane of the queue" };

    public void AddTo(Command command)
    {
        command.Options.Add(_concurrency);
        command.Options.Add(_rateLimit);
        command.Options.Add(_priority);
        command.Options.Add(_debounce);
        command.Options.Add(_idempotencyWindow);
    }

    public ScheduleOptions ApplyTo(ScheduleOptions options, ParseResult parse) => options with
    {
        Concurrency = parse.GetValue(_concurrency) is { } c ? ParseConcurrency(c) : options.Concurrency,
        RateLimit = parse.GetValue(_rateLimit) is { } r ? ParseRateLimit(r) : options.RateLimit,
        Priority = parse.GetValue(_priority) ?? options.Priority,
        Debounce = parse.GetValue(_debounce) is { } d ? ParseDebounce(d) : options.Debounce,
        IdempotencyWindow = parse.GetValue(_idempotencyWindow) is { } w
            ? Period(w, "--idempotency-window", FlowPolicyValidator.MaxIdempotencyWindow, "e.g. 10m")
            : options.IdempotencyWindow,
    };

    // Each part is checked here against the range the client accepts, so an error names the option and the part as
    // given on the command line ("--concurrency limit"), not the client's field ("concurrency.limit"), and an update,
    // which the client checks only once connected, is refused before connecting.
    internal static Debounce ParseDebounce(string text)
    {
        const string shape = "key=NAME,window=DURATION";
        var parts = Parts(text, "--debounce", shape, ["key", "window"]);
        return new Debounce(Key(parts["key"], "--debounce", shape), Period(parts["window"], "--debounce window", FlowPolicyValidator.MaxPeriod, shape));
    }

    internal static ConcurrencyLimit ParseConcurrency(string text)
    {
        const string shape = "key=NAME,limit=N";
        var parts = Parts(text, "--concurrency", shape, ["key", "limit"]);
        return new ConcurrencyLimit(Key(parts["key"], "--concurrency", shape),
            Number(parts["limit"], "--concurrency limit", FlowPolicyValidator.MaxConcurrencyLimit, shape));
    }

    internal static RateLimit ParseRateLimit(string text)
    {
        const string shape = "key=NAME,count=N,per=DURATION";
        var parts = Parts(text, "--rate-limit", shape, ["key", "count", "per"]);
        return new RateLimit(Key(parts["key"], "--rate-limit", shape),
            Number(parts["count"], "--rate-limit count", FlowPolicyValidator.MaxRateCount, shape),
            Period(parts["per"], "--rate-limit per", FlowPolicyValidator.MaxPeriod, shape));
    }

    // "key=a,b,limit=2": a part that is not "<word>=" continues the previous value, so a key may hold a comma.
    private static Dictionary<string, string> Parts(string text, string option, string shape, string[] required)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var piece in text.Split(','))
        {
            var eq = piece.IndexOf('=');
            var name = eq > 0 ? piece[..eq].Trim() : null;
            if (name is not null && required.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (!parts.TryAdd(name, piece[(eq + 1)..].Trim())) throw Bad(option, text, shape, $"{name} is given twice");
                last = name;
            }
            // "per=1m,extra=1": a word before '=' is an option name, one this option does not have, not a value's rest.
            else if (name is { Length: > 0 } && name.All(char.IsAsciiLetter))
                throw Bad(option, text, shape, $"\"{name}\" is not one of {string.Join(", ", required)}");
            else if (last is not null) parts[last] += "," + piece;
            else throw Bad(option, text, shape, $"\"{piece}\" is not one of {string.Join(", ", required)}");
        }
        if (required.FirstOrDefault(r => !parts.ContainsKey(r)) is { } missing) throw Bad(option, text, shape, $"{missing} is missing");
        return parts;
    }

    private static string Key(string key, string option, string shape) =>
        key.Length > 0 ? key
            : throw new CliException(ExitCodes.BadInput, $"{option} key is empty; expected a name such as \"backups\" or a template such as \"mcp:{{serverName}}\" ({shape})");

    private static int Number(string text, string part, int max, string shape) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw new CliException(ExitCodes.BadInput, $"{part} \"{text}\" is not accepted; expected a whole number from 1 to {max} ({shape})");

    private static TimeSpan Period(string text, string part, TimeSpan max, string shape)
    {
        var accepted = $"expected a duration from {FlowDuration.Format(FlowPolicyValidator.MinPeriod)} to {FlowDuration.Format(max)} ({shape})";
        TimeSpan period;
        try
        {
            period = Durations.ParseOption(text, part)!.Value;
        }
        catch (CliException)
        {
            throw new CliException(ExitCodes.BadInput, $"{part} \"{text}\" is not accepted; {accepted}");
        }
        return period >= FlowPolicyValidator.MinPeriod && period <= max ? period
            : throw new CliException(ExitCodes.BadInput, $"{part} \"{text}\" is not accepted; {accepted}");
    }

    private static CliException Bad(string option, string text, string shape, string why) =>
        new(ExitCodes.BadInput, $"{option} \"{text}\": {why}; expected {shape}");
}
