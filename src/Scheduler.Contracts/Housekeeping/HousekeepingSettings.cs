namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// Where the allowed cleanup roots come from. Hosts with configuration (worker, dashboard) read
/// <see cref="AllowedRootsKey"/>; the CLI reads <see cref="AllowedRootsVariable"/>. No roots means every
/// cleanup directory is refused.
/// </summary>
public static class HousekeepingSettings
{
    /// <summary>Configuration section of the housekeeping settings.</summary>
    public const string Section = "Scheduler:Housekeeping";

    /// <summary>Configuration key of the list of absolute paths cleanups may work in (<c>AllowedRoots:0</c>, <c>AllowedRoots:1</c>…).</summary>
    public const string AllowedRootsKey = Section + ":AllowedRoots";

    /// <summary>Environment variable the CLI reads the allowed roots from, separated like PATH (':' on Unix, ';' on Windows).</summary>
    public const string AllowedRootsVariable = "SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS";

    /// <summary>Splits a PATH-like list of roots; empty when <paramref name="value"/> is null or blank.</summary>
    public static IReadOnlyList<string> ParseRoots(string? value) =>
        string.IsNullOrWhiteSpace(value) ? []
        : [.. value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The refusal a cleanup gets when no allowed roots are configured, naming the settings that fix it.</summary>
    public static string NoRootsMessage =>
        $"cleanup \"directory\" is refused because no allowed roots are configured; set {AllowedRootsKey} " +
        $"(or {AllowedRootsVariable} for the CLI) to the absolute paths cleanups may work in " +
        $"(as environment variables: {AllowedRootsKey.Replace(":", "__", StringComparison.Ordinal)}__0=/var/log/myapp for the worker and dashboard, " +
        $"{AllowedRootsVariable}=/var/log/myapp, several separated by '{Path.PathSeparator}', for the CLI)";
}
