using System.CommandLine;
using System.Text.Json;

namespace Scheduler.Cli.Output;

/// <summary>
/// What <c>--help</c> shows in its first column, in the words a user types. System.CommandLine lists an enum option's
/// choices by their .NET names (<c>&lt;RunAll|RunOnce|Skip&gt;</c>) where README, the errors and <c>info</c> write
/// <c>runOnce</c>; and it lists a command under its parent as <c>pause &lt;id&gt;</c> even when the id may be left out,
/// where the command's own usage line says <c>[&lt;id&gt;]</c>.
/// </summary>
internal static class HelpLabels
{
    /// <summary>Names the choices of every enum option of <paramref name="root"/> and its subcommands as they are typed.</summary>
    public static void Apply(RootCommand root)
    {
        var commands = new Stack<Command>([root]);
        while (commands.TryPop(out var command))
        {
            foreach (var sub in command.Subcommands) commands.Push(sub);
            foreach (var option in command.Options)
                if (option.HelpName is null && EnumChoices(option.ValueType) is { } choices) option.HelpName = choices;
        }
    }

    /// <summary>
    /// <paramref name="help"/>, the help System.CommandLine wrote for <paramref name="command"/>, with each subcommand
    /// that takes an optional argument listed as its own usage line has it (<c>pause [&lt;id&gt;]</c>). Its help builder,
    /// which could say so itself, is not public in System.CommandLine 2.0.
    /// </summary>
    public static string Rewrite(Command command, string help)
    {
        var lines = help.Split('\n').ToList();
        var heading = lines.FindIndex(l => l.TrimEnd('\r') == "Commands:");
        if (heading < 0) return help;
        var end = lines.FindIndex(heading + 1, l => l.TrimEnd('\r').Length == 0);
        if (end < 0) end = lines.Count;
        var rows = new List<(int Line, string Label, string Text)>();
        var column = 0;
        for (var i = heading + 1; i < end; i++)
        {
            if (RowStart(lines[i]) is not { } row) continue;
            var name = row.Label.Split(' ')[0];
            var sub = command.Subcommands.FirstOrDefault(s => s.Name == name);
            var label = sub is not null && sub.Arguments.Any(a => !a.Hidden && a.Arity.MinimumNumberOfValues == 0) ? Row(sub) : row.Label;
            rows.Add((i, label, row.Text));
            column = Math.Max(column, row.Column);
        }
        // The descriptions start where they did, unless a longer label pushes them (and their wrapped lines) right.
        var widest = rows.Count == 0 ? 0 : rows.Max(r => Indent.Length + r.Label.Length + Gutter);
        var shift = Math.Max(0, widest - column);
        for (var i = heading + 1; i < end; i++)
        {
            var row = rows.FindIndex(r => r.Line == i);
            lines[i] = row >= 0 ? (Indent + rows[row].Label).PadRight(column + shift) + rows[row].Text
                : shift > 0 && lines[i].Length > 0 ? new string(' ', shift) + lines[i] : lines[i];
        }
        return string.Join('\n', lines);
    }

    private const string Indent = "  ";
    private const int Gutter = 2;

    // "  pause <id>     Pause a schedule…": the label, where the description starts, and the description; null for a
    // description's wrapped continuation (indented to the description column).
    private static (string Label, int Column, string Text)? RowStart(string line)
    {
        if (!line.StartsWith(Indent, StringComparison.Ordinal) || line.Length <= Indent.Length || line[Indent.Length] == ' ') return null;
        var gap = line.IndexOf("  ", Indent.Length, StringComparison.Ordinal);
        if (gap < 0) return (line[Indent.Length..].TrimEnd('\r'), line.Length, line.EndsWith('\r') ? "\r" : "");
        var column = gap;
        while (column < line.Length && line[column] == ' ') column++;
        return (line[Indent.Length..gap], column, line[column..]);
    }

    /// <summary>The names of an enum (or nullable enum) as the options take them, in declaration order; null for any other type.</summary>
    internal static string? EnumChoices(Type valueType)
    {
        var type = Nullable.GetUnderlyingType(valueType) ?? valueType;
        return type.IsEnum ? string.Join("|", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName)) : null;
    }

    /// <summary>A command's row under its parent: its name and its arguments, the optional ones in brackets, as its usage line has them.</summary>
    internal static string Row(Command command) =>
        string.Join(' ', command.Arguments.Where(a => !a.Hidden).Select(Label).Prepend(command.Name));

    private static string Label(Argument argument)
    {
        var many = argument.Arity.MaximumNumberOfValues > 1 ? "..." : "";
        var name = $"<{argument.HelpName ?? argument.Name}>{many}";
        return argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name;
    }
}
