using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;

namespace Scheduler.Cli;

internal sealed partial class CliContext
{
    /// <summary>
    /// The one shape of a command that talks to Redis: <paramref name="check"/> reads and checks the input first (a
    /// bad one ends with exit 2 before any connection is tried), then the client connects and checks Redis as every
    /// component does at start (<see cref="RedisReadiness"/>; exit 4 when Redis cannot be reached or used),
    /// <paramref name="body"/> runs, and the client is disposed. Every failure becomes its exit code and one line
    /// through <see cref="SchedulerCli.Action"/>.
    /// </summary>
    public Func<ParseResult, CancellationToken, Task<int>> Connected<TInput>(
        Func<ParseResult, TInput> check, Func<ParseResult, TInput, SchedulerClient, CancellationToken, Task<int>> body) =>
        Connected(check, body, writes: true);

    /// <summary><see cref="Connected{TInput}"/> for a command with no input to check before connecting.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Connected(Func<ParseResult, SchedulerClient, CancellationToken, Task<int>> body) =>
        Connected(_ => true, (parse, _, client, cancellationToken) => body(parse, client, cancellationToken));

    /// <summary>
    /// <see cref="Connected{TInput}"/> for a command that only reads: Redis is checked without the probes of a write
    /// and a publish, so a user without channels (or write rights) may still look.
    /// </summary>
    public Func<ParseResult, CancellationToken, Task<int>> ConnectedToRead<TInput>(
        Func<ParseResult, TInput> check, Func<ParseResult, TInput, SchedulerClient, CancellationToken, Task<int>> body) =>
        Connected(check, body, writes: false);

    /// <summary><see cref="ConnectedToRead{TInput}"/> for a command with no input to check before connecting.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> ConnectedToRead(Func<ParseResult, SchedulerClient, CancellationToken, Task<int>> body) =>
        ConnectedToRead(_ => true, (parse, _, client, cancellationToken) => body(parse, client, cancellationToken));

    private Func<ParseResult, CancellationToken, Task<int>> Connected<TInput>(
        Func<ParseResult, TInput> check, Func<ParseResult, TInput, SchedulerClient, CancellationToken, Task<int>> body, bool writes) =>
        SchedulerCli.Action(this, async (parse, cancellationToken) =>
        {
            var input = check(parse);
            await using var client = await ConnectAsync(parse, writes);
            return await body(parse, input, client, cancellationToken);
        });

    /// <summary>
    /// The exit-3 failure of a task id that names no task. People write a task's name where its id goes (Celery beat,
    /// Quartz and Hangfire address jobs by name), so a task whose name is exactly that text is named with its id.
    /// </summary>
    public static async Task<CliException> NoTaskAsync(SchedulerClient client, string id, CancellationToken cancellationToken)
    {
        var message = $"no task with id \"{id}\"";
        try
        {
            var named = (await client.ListAsync(new ScheduleFilter { NameContains = id }, MaxNamesListed + 1, 0, cancellationToken))
                .Where(task => string.Equals(task.Name, id, StringComparison.OrdinalIgnoreCase)).Select(task => task.Id).ToList();
            if (named.Count == 1)
                message += $"; the task named \"{id}\" has id {named[0]} (commands take a task's id: give that one, or choose ids with schedule --id)";
            else if (named.Count > 1)
                message += $"; {(named.Count > MaxNamesListed ? "more than " + MaxNamesListed : named.Count)} tasks are named \"{id}\" " +
                    $"({string.Join(", ", named.Take(MaxNamesListed))}): commands take a task's id, give one of them";
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The hint is a courtesy: the answer stays "not found" when the search cannot be made.
        }
        return new CliException(ExitCodes.NotFound, message);
    }

    private const int MaxNamesListed = 5;

    /// <summary>Who the CLI acts for: <c>--as</c>, else the OS user.</summary>
    public string Actor(ParseResult parse)
    {
        var actor = (parse.GetValue(As) ?? (System.Environment.UserName is { Length: > 0 } user ? user : "unknown")).Trim();
        if (actor.Length is 0 or > 200 || actor.Any(char.IsControl))
        {
            // Not echoed: a name of thousands of characters, or one with line breaks, would make the error unreadable.
            var what = actor.Length == 0 ? "is empty" : actor.Length > 200 ? $"is {actor.Length} characters long" : "holds control characters (line breaks, tabs)";
            throw new CliException(ExitCodes.BadInput, $"--as {what}; expected a name of 1 to 200 characters without control characters");
        }
        return actor;
    }
}
