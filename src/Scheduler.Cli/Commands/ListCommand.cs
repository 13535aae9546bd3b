using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler list [--search "words"] [--status S] [--type T] [--tag G] [--module M] [--recurring [false]] [--limit N] [--offset N] [--json]</c></summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var filters = new TaskFilterOptions();
        var limit = new Option<int>("--limit") { Description = "At most this many (1..10000)", DefaultValueFactory = _ => 100 }.Within(1, 10_000);
        var search = new Option<string?>("--search", "-q") { Description = "Only tasks where every word occurs in the id, name, type, spec, module, a tag or the status" };
        var offset = new Option<int>("--offset") { Description = "Skip this many matches (paging)", DefaultValueFactory = _ => 0 }.Within(0, int.MaxValue);
        var command = new Command("list", "List schedules, newest first") { limit, search, offset };
        filters.AddTo(command);
        command.SetAction(context.ConnectedToRead(parse =>
        {
            return filters.Read(parse) with { Query = string.IsNullOrWhiteSpace(parse.GetValue(search)) ? null : parse.GetValue(search) };
        }, async (parse, filter, client, ct) =>
        {
            var tasks = await client.ListAsync(filter, parse.GetValue(limit), parse.GetValue(offset), ct);
            var now = context.Time.GetUtcNow();
            await context.PrintAsync(parse, tasks, o => o.WriteAsync(Formatting.Table(
                ["ID", "NAME", "TYPE", "STATUS", "NEXT RUN", "RUNS", "SCHEDULE"],
                tasks.Select(t => (IReadOnlyList<string>)
                [
                    t.Id, t.Name, t.Task.TypeName, t.Status.ToString().ToLowerInvariant(), Formatting.Relative(t.NextRunAt, now),
                    t.RunCount.ToString(), t.Schedule.Description,
                ]))));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
