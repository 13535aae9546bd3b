using System.CommandLine;
using System.Globalization;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Housekeeping;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler cleanup register|list|get|history|update|remove|run</c>: housekeeping registrations and running them.
/// Register, update and run use the allowed roots in <c>$SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS</c>; <c>run</c> cleans
/// on this machine (schedule a <c>cleanup</c> task to clean on a worker).
/// </summary>
internal static class CleanupCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("cleanup", "Housekeeping: register directories to clean by age, count or size, and run the cleanups");
        command.Subcommands.Add(CleanupRegisterCommand.CreateRegister(context));
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateGet(context));
        command.Subcommands.Add(CleanupHistoryCommand.Create(context));
        command.Subcommands.Add(CleanupRegisterCommand.CreateUpdate(context));
        command.Subcommands.Add(CreateRemove(context));
        command.Subcommands.Add(CleanupRunCommand.Create(context));
        return command;
    }

    /// <summary>The roots this CLI may clean in, from <see cref="HousekeepingSettings.AllowedRootsVariable"/>.</summary>
    internal static IReadOnlyList<string> AllowedRoots(CliContext context) =>
        HousekeepingSettings.ParseRoots(context.Environment(HousekeepingSettings.AllowedRootsVariable));

    internal static string Policy(CleanupRegistration r) =>
        string.Join(", ", new[]
        {
            r.RetentionDays is { } days ? $"older than {days} d" : null,
            r.MaxFiles is { } max ? $"keep newest {max}" : null,
            r.MaxSizeMb is { } mb ? $"at most {mb} MB" : null,
        }.OfType<string>());

    /// <summary>One line on a registration's last run: when, by whom, what it did, or that it failed.</summary>
    internal static string LastRun(CleanupLastRun? run) =>
        run is null ? "never"
        : $"{Formatting.Instant(run.At)} by {run.RanBy}: {(run.Succeeded ? "succeeded" : $"failed ({run.Errors.Count} error(s))")}, "
          + $"{run.FilesExamined} file(s) examined, {run.FilesDeleted} deleted, {run.BytesFreed} bytes freed";

    private static string LastRunBrief(CleanupLastRun? run) =>
        run is null ? "never"
        : $"{Formatting.Instant(run.At)} {(run.Succeeded ? "ok" : "failed")}, {run.FilesDeleted} deleted";

    private static Command CreateList(CliContext context)
    {
        var module = new Option<string?>("--module") { Description = "Only registrations of this module" };
        var command = new Command("list", "List cleanup registrations, oldest first (the PRIORITY column orders those run together)") { module };
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var registrations = await client.ListCleanupsAsync(parse.GetValue(module), ct);
            await context.Out.WriteAsync(parse.GetValue(context.Json)
                ? Formatting.Json(registrations) + Environment.NewLine
                : Formatting.Table(["ID", "DIRECTORY", "PATTERN", "POLICY", "PRIORITY", "MODULE", "DESCRIPTION", "LAST RUN"],
                    registrations.Select(r => (IReadOnlyList<string>)
                        [r.Id, r.Directory, r.Pattern, Policy(r), r.Priority.ToString(CultureInfo.InvariantCulture), r.ModuleId ?? "",
                            r.Description ?? "", LastRunBrief(r.LastRun)])));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateGet(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Cleanup registration id" }.AcceptsIds("cleanup registration id");
        var command = new Command("get", "Show one cleanup registration") { id };
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var registrationId = parse.GetValue(id)!;
            var r = await client.GetCleanupAsync(registrationId, ct)
                ?? throw new CliException(ExitCodes.NotFound, $"no cleanup registration with id \"{registrationId}\"");
            var due = (await client.GetCleanupDueTimesAsync([registrationId], ct)).GetValueOrDefault(registrationId);
            var now = context.Time.GetUtcNow();
            await context.PrintAsync(parse, r, async o =>
            {
                await o.WriteLineAsync($"id:          {r.Id}");
                await o.WriteLineAsync($"directory:   {r.Directory}");
                await o.WriteLineAsync($"pattern:     {r.Pattern}");
                await o.WriteLineAsync($"policy:      {Policy(r)}");
                await o.WriteLineAsync($"module:      {r.ModuleId ?? "-"}");
                await o.WriteLineAsync($"description: {r.Description ?? "-"}");
                await o.WriteLineAsync($"priority:    {r.Priority.ToString(CultureInfo.InvariantCulture)} (higher runs first among registrations run together)");
                await o.WriteLineAsync($"interval:    every {Scheduler.Contracts.Scheduling.ScheduleParser.DescribeDuration(r.Interval)} (runs by itself on workers with allowed roots)");
                await o.WriteLineAsync($"created:     {Formatting.Instant(r.CreatedAt)}");
                await o.WriteLineAsync($"updated:     {Formatting.Instant(r.UpdatedAt)}");
                await o.WriteLineAsync($"last run:    {LastRun(r.LastRun)}");
                foreach (var error in r.LastRun?.Errors ?? []) await o.WriteLineAsync($"  error:     {error}");
                // When a worker with allowed roots runs it by itself next; a past time is due now and not yet taken.
                await o.WriteLineAsync(due == default ? "next run:    -" : $"next run:    {Formatting.Instant(due)} ({(due <= now ? "due now" : Formatting.Relative(due, now))})");
            });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateRemove(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Cleanup registration id" }.AcceptsIds("cleanup registration id");
        var command = new Command("remove", "Remove a cleanup registration (no file is touched)") { id };
        command.SetAction(context.Connected(async (parse, client, ct) =>
        {
            var registrationId = parse.GetValue(id)!;
            if (!await client.RemoveCleanupAsync(registrationId, ct))
                throw new CliException(ExitCodes.NotFound, $"no cleanup registration with id \"{registrationId}\"");
            await context.Out.WriteLineAsync(parse.GetValue(context.Json) ? Formatting.Json(new { removed = registrationId }) : $"removed {registrationId}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
