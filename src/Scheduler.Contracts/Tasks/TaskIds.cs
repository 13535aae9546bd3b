using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Generates task ids and checks caller-supplied ones, so no id can carry path or Redis glob characters. Public so a
/// host (the Dashboard's routes, a form) refuses a bad id with the same rule and wording as the client.
/// </summary>
public static partial class TaskIds
{
    /// <summary>What an id may be, as error messages state it.</summary>
    public const string Accepted = "1 to 128 letters, digits, '.', '_' or '-', not only dots";

    /// <summary>A new random id: "t" and 16 hex digits.</summary>
    public static string New() => "t" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    /// <summary>
    /// True when <paramref name="id"/> is 1 to 128 letters, digits, '.', '_' or '-', not only dots: "." and ".." are
    /// path segments every URL parser removes, so /api/tasks/./schedule would reach the task named "schedule".
    /// </summary>
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex Pattern();

    /// <summary>An id as quoted back in an error: at most 64 characters, then "…" (a refused id may be any length).</summary>
    internal static string Shown(string id) => id.Length > 64 ? id[..64] + "…" : id;
}
