using System.Text.RegularExpressions;

namespace Scheduler.Contracts.MethodCalls;

/// <summary>
/// How a method call names types: the assembly-qualified name without version, culture or key, so a call scheduled by
/// one build of an app still runs on a worker with the next build of it (as Hangfire does).
/// </summary>
internal static partial class MethodCallTypeNames
{
    private static readonly string CancellationTokenName = Of(typeof(CancellationToken));

    public static string Of(Type type) => AssemblyDetails().Replace(type.AssemblyQualifiedName ?? type.FullName ?? type.Name, "");

    public static bool IsCancellationToken(string name) => name == CancellationTokenName;

    /// <summary>"Namespace.Outer+Inner`1[[…]], Assembly" → "Inner"; a name written as C# writes it keeps its type arguments ("IList&lt;Order&gt;").</summary>
    public static string ShortName(string name)
    {
        if (CSharpGeneric(name) is { } generic) return $"{ShortName(generic.Definition)}<{string.Join(", ", generic.Arguments.Select(ShortName))}>";
        if (name.TrimEnd().EndsWith("[]", StringComparison.Ordinal) && !name.Contains("[[", StringComparison.Ordinal)) return ShortName(name.TrimEnd()[..^2]) + "[]";
        var end = name.IndexOfAny(['[', ',']);
        var full = end < 0 ? name : name[..end];
        var start = full.LastIndexOfAny(['.', '+']) + 1;
        var tick = full.IndexOf('`', start);
        return tick < 0 ? full[start..] : full[start..tick];
    }

    /// <summary>
    /// Whether a name is a generic type without its type arguments ("Ns.Repo`1, Asm"): nothing can be created or called
    /// on it. A closed one lists them ("Ns.Repo`1[[System.Int32, System.Private.CoreLib]], Asm").
    /// </summary>
    public static bool IsOpenGeneric(string name)
    {
        var typePart = name[..(name.Length - AssemblyOf(name).Length)];
        return typePart.Contains('`') && !typePart.Contains('[');
    }

    /// <summary>
    /// The type arguments a closed generic name lists, each as written ("Ns.Order, Asm" of
    /// "Ns.Repo`1[[Ns.Order, Asm]], Asm"); none for a name that lists none, or lists them without assemblies.
    /// </summary>
    public static IReadOnlyList<string> TypeArgumentsOf(string name)
    {
        var typePart = name[..(name.Length - AssemblyOf(name).Length)];
        var open = typePart.IndexOf("[[", StringComparison.Ordinal);
        if (open < 0) return [];
        var arguments = new List<string>();
        var (depth, start) = (0, 0);
        for (var i = open; i < typePart.Length && (depth > 0 || i == open); i++)
        {
            if (typePart[i] == '[' && ++depth == 2) start = i + 1;
            else if (typePart[i] == ']' && depth-- == 2) arguments.Add(typePart[start..i]);
        }
        return arguments;
    }

    /// <summary>
    /// A type named as C# writes a generic one ("IReadOnlyDictionary&lt;string, int&gt;", "System.Collections.Generic.List&lt;MyApp.Order&gt;"):
    /// its definition's name and its type arguments as written; null for any other name.
    /// </summary>
    public static (string Definition, IReadOnlyList<string> Arguments)? CSharpGeneric(string name)
    {
        var bare = name.Trim();
        var open = bare.IndexOf('<');
        // Not a name Hangfire's way ("List`1[[System.String, …]]"); an array's "[]" may stand in a type argument.
        if (open <= 0 || bare[^1] != '>' || bare.Contains('`') || bare.Contains("[[", StringComparison.Ordinal)) return null;
        var arguments = new List<string>();
        var (depth, start) = (0, open + 1);
        for (var i = open + 1; i < bare.Length - 1; i++)
        {
            if (bare[i] == '<') depth++;
            else if (bare[i] == '>' && --depth < 0) return null;
            else if (bare[i] == ',' && depth == 0)
            {
                arguments.Add(bare[start..i].Trim());
                start = i + 1;
            }
        }
        arguments.Add(bare[start..^1].Trim());
        return depth == 0 && arguments.All(a => a.Length > 0) ? (bare[..open].Trim(), arguments) : null;
    }

    /// <summary>The assembly part of a name written by <see cref="Of"/> ("Asm" of "Ns.Type, Asm").</summary>
    public static string AssemblyOf(string name)
    {
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is '[' or '<') depth++;
            else if (name[i] is ']' or '>') depth--;
            else if (name[i] == ',' && depth == 0) return name[(i + 1)..].Trim();
        }
        return "";
    }

    [GeneratedRegex(@", (Version|Culture|PublicKeyToken)=[^,\]]*")]
    private static partial Regex AssemblyDetails();
}
