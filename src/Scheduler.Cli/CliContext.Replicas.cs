using System.CommandLine;
using System.Globalization;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;

namespace Scheduler.Cli;

internal sealed partial class CliContext
{
    // The environment variables the components read Scheduler:Redis:ReplicaAcknowledgement from (.NET's configuration
    // maps "__" to ":"), so one setting of a deployment's environment makes the CLI wait as its processes do.
    internal const string ReplicasVariable = "Scheduler__Redis__ReplicaAcknowledgement__Replicas";
    internal const string ReplicaTimeoutVariable = "Scheduler__Redis__ReplicaAcknowledgement__Timeout";

    public Option<string?> ReplicaAck { get; } = new("--replica-ack")
    {
        Description = $"Replicas that must hold each write before the command answers, 0 (off) to {ReplicaAcknowledgement.MaxReplicas}, as "
            + $"{ReplicaAcknowledgementException.Setting} makes the components wait; short of them: exit 8 (default: ${ReplicasVariable}, else 0)",
        Recursive = true,
    };

    public Option<string?> ReplicaAckTimeout { get; } = new("--replica-ack-timeout")
    {
        Description = $"How long each write waits for those replicas, 10ms to 4s, e.g. 500ms or 00:00:00.500 (default: ${ReplicaTimeoutVariable}, else 1s)",
        Recursive = true,
    };

    /// <summary>What the writes wait for: the flags, else the environment, else none; a bad value is exit 2 naming where it came from.</summary>
    private ReplicaAcknowledgement Acknowledgement(ParseResult parse) => new() { Replicas = Replicas(parse), Timeout = AckTimeout(parse) };

    /// <summary>
    /// <see cref="Acknowledgement"/> for a command that only reads, which writes nothing to wait for: a bad value from the
    /// environment (set there for the components, perhaps by someone else) is one warning line on stderr, not a refusal
    /// of the look; a bad flag, typed on this command line, is still exit 2.
    /// </summary>
    private async Task<ReplicaAcknowledgement> AcknowledgementToReadAsync(ParseResult parse)
    {
        var defaults = new ReplicaAcknowledgement();
        return new()
        {
            Replicas = await OrWarnAsync(parse, ReplicaAck, Replicas, defaults.Replicas),
            Timeout = await OrWarnAsync(parse, ReplicaAckTimeout, AckTimeout, defaults.Timeout),
        };
    }

    private async Task<T> OrWarnAsync<T>(ParseResult parse, Option<string?> flag, Func<ParseResult, T> read, T fallback)
    {
        try { return read(parse); }
        catch (CliException e) when (e.ExitCode == ExitCodes.BadInput && parse.GetValue(flag) is null)
        {
            await Error.WriteLineAsync($"warning: {e.Message} (ignored: this command only reads, with no write to wait for)");
            return fallback;
        }
    }

    private int Replicas(ParseResult parse)
    {
        var (text, source) = Setting(parse, ReplicaAck, ReplicasVariable);
        var replicas = new ReplicaAcknowledgement().Replicas;
        if (text is not null && !int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out replicas))
            throw new CliException(ExitCodes.BadInput,
                $"{source} \"{text}\" is not accepted; expected a whole number, 0 (off) to {ReplicaAcknowledgement.MaxReplicas}");
        if (new ReplicaAcknowledgement { Replicas = replicas }.Problem() is { } problem)
            throw new CliException(ExitCodes.BadInput, $"{source} \"{text}\" is not accepted: {problem}");
        return replicas;
    }

    private TimeSpan AckTimeout(ParseResult parse)
    {
        var (text, source) = Setting(parse, ReplicaAckTimeout, ReplicaTimeoutVariable);
        if (text is null) return new ReplicaAcknowledgement().Timeout;
        var timeout = Timeout(text, source);
        if (new ReplicaAcknowledgement { Timeout = timeout }.Problem() is { } problem)
            throw new CliException(ExitCodes.BadInput, $"{source} \"{text}\" is not accepted: {problem}");
        return timeout;
    }

    // The flag, else the variable as the components spell it, else in capitals (the way shells often write them, which
    // .NET's configuration reads as well).
    private (string? Text, string Source) Setting(ParseResult parse, Option<string?> flag, string variable) =>
        parse.GetValue(flag) is { } given ? (given, flag.Name)
        : Environment(variable) is { } named ? (named, $"${variable}")
        : Environment(variable.ToUpperInvariant()) is { } upper ? (upper, $"${variable.ToUpperInvariant()}")
        : (null, flag.Name);

    // The CLI's durations ("500ms", "2s"), or the form the components' configuration binds ("00:00:00.500").
    private static TimeSpan Timeout(string text, string source)
    {
        if (text.Contains(':') && TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var span)) return span;
        try { return Durations.ParseOption(text, source)!.Value; }
        catch (CliException e) when (e.ExitCode == ExitCodes.BadInput)
        {
            throw new CliException(ExitCodes.BadInput, $"{source} \"{text}\" is not a duration; expected 10ms to 4s, e.g. 500ms, 2s or 00:00:00.500");
        }
    }

    /// <summary>A write Redis took that the replicas did not acknowledge, in the CLI's words: the message names its settings too.</summary>
    internal static string NotAcknowledged(ReplicaAcknowledgementException e) =>
        $"{e.Message} (here: --replica-ack and --replica-ack-timeout, or ${ReplicasVariable} and ${ReplicaTimeoutVariable})";
}
