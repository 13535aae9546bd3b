using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Tasks;

/// <summary>The shape of names that refer to worker configuration (channels, servers, plugins, commands, step ids).</summary>
internal static partial class TaskNames
{
    public const string Shape = "1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Describe(string? name) => string.IsNullOrEmpty(name) ? "empty" : $"\"{(name.Length > 80 ? name[..80] + "…" : name)}\"";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();
}
