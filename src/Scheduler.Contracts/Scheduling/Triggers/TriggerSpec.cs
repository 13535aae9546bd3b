using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling.Triggers;

/// <summary>
/// Reads the trigger specs: <c>after:&lt;taskId&gt;</c>, <c>after:&lt;taskId&gt;:succeeded|failed|finished</c> (default
/// succeeded) and <c>on:&lt;event-name&gt;</c>. Prefixes and outcomes are case-insensitive; task ids and event names are
/// kept as written (1 to 128 letters, digits, '.', '_' or '-').
/// </summary>
public static partial class TriggerSpec
{
    /// <summary>What a task id or event name may contain.</summary>
    public const string AcceptedNames = "1 to 128 letters, digits, '.', '_' or '-'";

    /// <summary>True when <paramref name="spec"/> starts with <c>after:</c> or <c>on:</c>.</summary>
    public static bool IsTrigger(string? spec) => spec is not null && PrefixPattern().IsMatch(spec.TrimStart());

    /// <summary>Whether <paramref name="name"/> is a valid event name.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Parses a trigger spec.</summary>
    /// <exception cref="ScheduleSpecException">It is not a valid trigger spec; the message says what is accepted.</exception>
    public static TriggerSource ParseSource(string spec)
    {
        var text = spec.Trim();
        var colon = text.IndexOf(':');
        var prefix = colon < 0 ? "" : text[..colon].Trim().ToLowerInvariant();
        var body = colon < 0 ? "" : text[(colon + 1)..].Trim();
        if (prefix == "on")
        {
            if (!IsValidName(body))
                throw new ScheduleSpecException($"\"{text}\" names no valid event; expected \"on:<event-name>\" with a name of {AcceptedNames}", spec);
            return new TriggerSource { EventName = body };
        }
        if (prefix != "after")
            throw new ScheduleSpecException($"\"{text}\" is not a trigger; expected \"after:<taskId>[:succeeded|failed|finished]\" or \"on:<event-name>\"", spec);
        var parts = body.Split(':');
        if (parts.Length > 2 || !IsValidName(parts[0].Trim()))
            throw new ScheduleSpecException($"\"{text}\" names no valid task; expected \"after:<taskId>\" or \"after:<taskId>:succeeded|failed|finished\" with a task id of {AcceptedNames}", spec);
        var outcome = TriggerOutcome.Succeeded;
        if (parts.Length == 2)
        {
            outcome = parts[1].Trim().ToLowerInvariant() switch
            {
                "succeeded" or "success" or "succeeds" => TriggerOutcome.Succeeded,
                "failed" or "failure" or "fails" => TriggerOutcome.Failed,
                "finished" or "finishes" or "completed" or "any" => TriggerOutcome.Finished,
                var other => throw new ScheduleSpecException(
                    $"\"{other}\" in \"{text}\" is not an outcome; expected succeeded, failed or finished", spec),
            };
        }
        return new TriggerSource { AfterTask = parts[0].Trim(), Outcome = outcome };
    }

    /// <summary>The schedule of a trigger spec: no instants, described as "after task X succeeds" or "on event Y".</summary>
    /// <exception cref="ScheduleSpecException">It is not a valid trigger spec.</exception>
    public static ParsedSchedule Parse(string spec, string timeZone = "UTC")
    {
        var source = ParseSource(spec);
        return new ParsedSchedule { Kind = ScheduleKind.Trigger, Canonical = source.Canonical, TimeZone = timeZone, Description = source.Description };
    }

    [GeneratedRegex(@"^(?i:after|on)\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
