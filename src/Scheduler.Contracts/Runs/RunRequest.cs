using System.Globalization;

namespace Scheduler.Contracts.Runs;

/// <summary>Who asked for a run by hand (a retry or a backfill), and when; recorded on each attempt it made.</summary>
/// <param name="Kind">Retry or backfill.</param>
/// <param name="At">When it was asked for.</param>
/// <param name="By">Who asked (API key name, basic-auth user, "local", or the client's actor); null when anonymous.</param>
public sealed record RunRequest(RunRequestKind Kind, DateTimeOffset At, string? By)
{
    // Stored in the run ledger as "kind|ms|actor": the actor comes last, so a '|' in it cannot shift the fields.
    internal string ToLedger() =>
        $"{(Kind == RunRequestKind.Retry ? "retry" : "backfill")}|{At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{By}";

    internal static RunRequest? FromLedger(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var parts = text.Split('|', 3);
        if (parts.Length < 3 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)) return null;
        RunRequestKind? kind = parts[0] switch { "retry" => RunRequestKind.Retry, "backfill" => RunRequestKind.Backfill, _ => null };
        return kind is { } k ? new RunRequest(k, DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[2].Length == 0 ? null : parts[2]) : null;
    }
}
