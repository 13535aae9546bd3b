using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Scheduler.Runtime.Hosting;

/// <summary>
/// Refuses, at start, a setting under an options section that no option reads: the configuration binder skips it without
/// a word, so a misspelt <c>Scheduler:Beat:MisfireTreshold</c> would leave the default in force while the operator
/// believes it changed. The message names the setting, the nearest real one, and what the section accepts. A duration
/// written as a bare number is refused too: .NET reads <c>30</c> as thirty days, where the writer most likely meant seconds.
/// </summary>
public static class UnknownSettings
{
    /// <summary>
    /// Validates at start that every key under <paramref name="section"/> is a member of <typeparamref name="TOptions"/>
    /// (nested option objects, dictionaries and lists of them included). <paramref name="ownedElsewhere"/>: child
    /// sections another options class binds (<c>Access</c> under <c>Scheduler:Dashboard</c>).
    /// </summary>
    public static OptionsBuilder<TOptions> RefuseUnknownSettings<TOptions>(this OptionsBuilder<TOptions> builder, IConfigurationSection section,
        params string[] ownedElsewhere) where TOptions : class
        => builder.ValidateProblems(_ => Problems(section, typeof(TOptions), ownedElsewhere));

    /// <summary>What is wrong with the keys under <paramref name="section"/> read as <paramref name="type"/>; empty when nothing.</summary>
    public static IEnumerable<string> Problems(IConfigurationSection section, Type type, IReadOnlyCollection<string> ownedElsewhere)
    {
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (ownedElsewhere.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            if (!members.TryGetValue(child.Key, out var member))
            {
                var nearest = members.Keys.MinBy(m => Distance(m.ToLowerInvariant(), child.Key.ToLowerInvariant()));
                var hint = nearest is not null && Distance(nearest.ToLowerInvariant(), child.Key.ToLowerInvariant()) <= 3 ? $" (did you mean {nearest}?)" : "";
                yield return $"{child.Path} is not a setting{hint}; {section.Path} accepts {string.Join(", ", members.Keys.Order(StringComparer.Ordinal))}";
                continue;
            }
            foreach (var problem in ProblemsOf(child, member.PropertyType)) yield return problem;
        }
    }

    // Inside a member: an options object is checked member by member, a dictionary's or list's items as their type.
    private static IEnumerable<string> ProblemsOf(IConfigurationSection section, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        // Zero is zero in any unit, so "0" stays accepted.
        if (type == typeof(TimeSpan) && BareNumber(section.Value) is { } days and > 0)
        {
            var seconds = days < 60 ? days : 30;
            yield return $"{section.Path} is \"{section.Value}\", which .NET reads as {days} day{(days == 1 ? "" : "s")}; write a duration as " +
                $"[d.]hh:mm:ss[.fff], such as 00:00:{seconds:00} for {seconds} seconds or {days}.00:00:00 for {days} days";
            yield break;
        }
        if (Item(type) is { } item)
        {
            foreach (var child in section.GetChildren())
                foreach (var problem in ProblemsOf(child, item)) yield return problem;
            yield break;
        }
        if (!IsOptionsObject(type)) yield break;
        foreach (var problem in Problems(section, type, [])) yield return problem;
    }

    private static long? BareNumber(string? value) =>
        value is { Length: > 0 } && value.Trim().All(char.IsAsciiDigit) && long.TryParse(value.Trim(), out var number) ? number : null;

    private static Type? Item(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType) return null;
        return type.GetGenericArguments()[^1];
    }

    private static bool IsOptionsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.Namespace?.StartsWith("Scheduler", StringComparison.Ordinal) == true;

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
