using System.Diagnostics.CodeAnalysis;

namespace Scheduler.Contracts.Schedules;

/// <summary>Run outcomes as the REST API's <c>?outcome=</c> and the CLI's <c>--outcome</c> take them: a name in any case, no number.</summary>
internal static class RunOutcomeNames
{
    /// <summary>The accepted names ("succeeded, failed, …"), for error messages.</summary>
    public static string Accepted { get; } = string.Join(", ", Enum.GetNames<RunOutcome>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));

    /// <summary>Reads an outcome name in any case; numbers are not accepted.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RunOutcome outcome)
    {
        outcome = default;
        return !string.IsNullOrEmpty(text) && !char.IsDigit(text[0]) && Enum.TryParse(text, ignoreCase: true, out outcome) && Enum.IsDefined(outcome);
    }
}
