using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler list [--search "words"] [--status S] [--type T] [--tag G] [--module M] [--name N] [--outcome O] [--recurring [false]] [--sort KEY] [--limit N] [--offset N] [--json]</c></summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var filters = new TaskFilterOptions();
        var limit = new Option<int>("--limit") { Description = "At most this many (1..10000)", DefaultValueFactory = _ => 100 }.Within(1, 10_000);
        var search = new Option<string?>("--search", "-q") { Description = "Only tasks where every word occurs in the id, name, type, spec, module, a tag or the status" };
        var offset = new Option<int>("--offset") { Description = "Skip this many matches (paging)", DefaultValueFactory = _ => 0 }.Within(0, int.MaxValue);
        var outcome = new Option<RunOutcome?>("--outcome")
        {
            Description = $"Only tasks whose last run ended so (failed: failing now): {RunOutcomeNames.Accepted}",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (RunOutcomeNames.TryParse(text, out var parsed)) return parsed;
                result.AddError($"--outcome \"{text}\" is not a run outcome; expected one of {RunOutcomeNames.Accepted}");
                return null;
            },
        };
        var sort = new Option<ScheduleSort>("--sort")
        {
            Description = $"Order by {ScheduleSort.Accepted}; a leading '-' for descending (--sort=-next); newest first without it",
            // The REST list's sort=, one parser for both: the same keys, the same '-'.
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (!string.IsNullOrWhiteSpace(text) && ScheduleSort.TryParse(text, out var parsed)) return parsed;
                result.AddError($"--sort \"{text}\" is not a sort key; expected one of {ScheduleSort.Accepted}, each with a leading '-' for descending");
                return ScheduleSort.Default;
            },
            DefaultValueFactory = _ => ScheduleSort.Default,
        };
        var command = new Command("list", "List schedules, newest first or by --sort") { limit, search, offset, outcome, sort };
        filters.AddTo(command);
        command.SetAction(context.ConnectedToRead(parse =>
        {
            return filters.Read(parse) with
            {
                Query = string.IsNullOrWhiteSpace(parse.GetValue(search)) ? null : parse.GetValue(search),
                LastOutcome = parse.GetValue(outcome),
            };
        }, async (parse, filter, client, ct) =>
        {
            // One more than asked says whether more match, which a table cut at the limit would not show.
            var (asked, skip) = (parse.GetValue(limit), parse.GetValue(offset));
            var order = parse.GetValue(sort)!;
            IReadOnlyList<ScheduledTask> tasks;
            bool more;
            if (order.IsDefault)
            {
                var found = await client.ListAsync(filter, asked + 1, skip, ct);
                tasks = found.Count > asked ? [.. found.Take(asked)] : found;
                // The client returns at most 10000: a full page at that limit may have more behind it.
                more = found.Count > asked || asked == 10_000 && found.Count == asked;
            }
            else
            {
                // Another order than creation's reads every match's sort fields (the dashboard's own read), so it knows the total.
                (tasks, var total) = await client.ListSortedAsync(filter, order, asked, skip, ct);
                more = skip + asked < total;
            }
            var now = context.Time.GetUtcNow();
            await context.PrintAsync(parse, tasks, o => o.WriteAsync(Formatting.Table(
                ["ID", "NAME", "TYPE", "STATUS", "NEXT RUN", "RUNS", "SCHEDULE"],
                tasks.Select(t => (IReadOnlyList<string>)
                [
                    t.Id, t.Name, t.Task.TypeName, t.Status.ToString().ToLowerInvariant(), Formatting.NextRun(t, now),
                    t.RunCount.ToString(), t.Schedule.Description,
                ]))));
            // On stderr, so a script reading the table or the JSON gets what it always did.
            if (more)
                await context.Error.WriteLineAsync($"more tasks match: these are {skip + 1} to {skip + tasks.Count}; the next ones: --offset {skip + tasks.Count}" +
                    (asked < 10_000 ? $", or a larger --limit (at most 10000)" : ""));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
