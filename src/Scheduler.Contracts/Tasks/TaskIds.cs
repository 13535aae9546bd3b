using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Tasks;

/// <summary>Generates task ids and checks caller-supplied ones, so no id can carry path or Redis glob characters.</summary>
internal static partial class TaskIds
{
    public const string Accepted = "1 to 128 letters, digits, '.', '_' or '-'";

    public static string New() => "t" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex Pattern();
}
