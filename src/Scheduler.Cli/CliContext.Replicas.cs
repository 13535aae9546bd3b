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
    private ReplicaAcknowledgement Acknowledgement(ParseResult parse)
    {
        var defaults = new ReplicaAcknowledgement();
        var (replicasText, replicasSource) = Setting(parse, ReplicaAck, ReplicasVariable);
        var (timeoutText, timeoutSource) = Setting(parse, ReplicaAckTimeout, ReplicaTimeoutVariable);
        var replicas = defaults.Replicas;
        if (replicasText is not null && !int.TryParse(replicasText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out replicas))
            throw new CliException(ExitCodes.BadInput,
                $"{replicasSource} \"{replicasText}\" is not accepted; expected a whole number, 0 (off) to {ReplicaAcknowledgement.MaxReplicas}");
        if ((defaults with { Replicas = replicas }).Problem() is { } replicasProblem)
            throw new CliException(ExitCodes.BadInput, $"{replicasSource} \"{replicasText}\" is not accepted: {replicasProblem}");
        var timeout = timeoutText is null ? defaults.Timeout : Timeout(timeoutText, timeoutSource);
        if ((defaults with { Timeout = timeout }).Problem() is { } timeoutProblem)
            throw new CliException(ExitCodes.BadInput, $"{timeoutSource} \"{timeoutText}\" is not accepted: {timeoutProblem}");
        return new ReplicaAcknowledgement { Replicas = replicas, Timeout = timeout };
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
