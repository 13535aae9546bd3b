using System.CommandLine;
using System.CommandLine.Parsing;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// Arguments and options that take a task (or cleanup registration) id, checked while parsing with the rule the client
/// and the REST API use (<see cref="TaskIds"/>): a malformed id is bad input (exit 2) before Redis is asked, not a task
/// that was looked for and not found (exit 3).
/// </summary>
internal static class IdSymbols
{
    /// <summary>The <c>id</c> argument of a command on one task.</summary>
    public static Argument<string> TaskId() => new Argument<string>("id") { Description = "Task id" }.AcceptsIds("task id");

    /// <summary>Refuses any value of <paramref name="argument"/> that is no id; <paramref name="what"/> names it in the error.</summary>
    public static Argument<T> AcceptsIds<T>(this Argument<T> argument, string what)
    {
        argument.Validators.Add(result => Check(result, what));
        return argument;
    }

    /// <inheritdoc cref="AcceptsIds{T}(Argument{T}, string)"/>
    public static Option<T> AcceptsIds<T>(this Option<T> option, string what)
    {
        option.Validators.Add(result => Check(result, what));
        return option;
    }

    private static void Check(SymbolResult result, string what)
    {
        foreach (var token in result.Tokens)
            if (!TaskIds.IsValid(token.Value))
                result.AddError($"{what} \"{TaskIds.Shown(token.Value)}\" is not accepted; expected {TaskIds.Accepted}");
    }
}
