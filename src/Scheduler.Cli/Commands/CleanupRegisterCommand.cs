using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Housekeeping;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler cleanup register --directory D --pattern P [policies]</c> and <c>scheduler cleanup update &lt;id&gt; [changes]</c>.
/// An update changes only the options given; the others keep their stored values unless named by <c>--clear</c>.
/// </summary>
internal static class CleanupRegisterCommand
{
    private sealed record Fields(
        Option<string?> Directory, Option<string?> Pattern, Option<int?> RetentionDays, Option<int?> MaxFiles,
        Option<double?> MaxSizeMb, Option<string?> Description, Option<string?> Module, Option<string?> Interval, Option<int?> Priority,
        Option<bool> NoVerify)
    {
        public static Fields Create(bool required) => new(
            new Option<string?>("--directory", "-d") { Description = "Absolute path of the directory to clean (no recursion)", Required = required },
            new Option<string?>("--pattern", "-p") { Description = "File name pattern with * and ? (e.g. *.log)", Required = required },
            new Option<int?>("--retention-days") { Description = "Delete files last written more than this many days ago" }.Within(0, CleanupValidation.MaxRetentionDays),
            new Option<int?>("--max-files") { Description = "Keep only the newest this many files" }.Within(1, int.MaxValue),
            new Option<double?>("--max-size-mb") { Description = "Keep the files under this total size in MB, deleting the oldest first" },
            new Option<string?>("--description") { Description = "Free text" },
            new Option<string?>("--module") { Description = "Owning module id" },
            new Option<string?>("--interval") { Description = "How often it runs by itself on a worker with allowed roots, e.g. 30m, 6h, 1d or 06:00:00 (default 1h)" },
            new Option<int?>("--priority")
            {
                Description = $"Runs before registrations of lower priority when several run together; equal ones in registration order (default {CleanupPriority.Default})",
            }.Within(CleanupPriority.Min, CleanupPriority.Max),
            new Option<bool>("--no-verify") { Description = "Store it even when no live worker's allowed roots hold the directory (for workers that start later)" });

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { Directory, Pattern, RetentionDays, MaxFiles, MaxSizeMb, Description, Module, Interval, Priority, NoVerify }) command.Options.Add(option);
        }

        /// <summary>
        /// The request from the given options, falling back to <paramref name="current"/> for those not given, except
        /// the ones named in <paramref name="cleared"/>, which are removed.
        /// </summary>
        public CleanupRequest Read(ParseResult parse, CleanupRequest? current, IReadOnlyCollection<string>? cleared = null)
        {
            T? Keep<T>(string name, T? value) => cleared?.Contains(name) == true ? default : value;
            return new(
                parse.GetValue(Directory) ?? current?.Directory ?? "",
                parse.GetValue(Pattern) ?? current?.Pattern ?? "",
                parse.GetValue(RetentionDays) ?? Keep(ClearableRetentionDays, current?.RetentionDays),
                parse.GetValue(MaxFiles) ?? Keep(ClearableMaxFiles, current?.MaxFiles),
                parse.GetValue(MaxSizeMb) ?? Keep(ClearableMaxSizeMb, current?.MaxSizeMb),
                parse.GetValue(Description) ?? Keep(ClearableDescription, current?.Description),
                parse.GetValue(Module) ?? Keep(ClearableModule, current?.ModuleId),
                ReadInterval(parse) ?? current?.Interval,
                parse.GetValue(Priority) ?? current?.Priority ?? CleanupPriority.Default);
        }

        /// <summary>Refuses an option given together with <c>--clear</c> of the same field: which of the two was meant cannot be told.</summary>
        public void ThrowIfAlsoCleared(ParseResult parse, IReadOnlyCollection<string> cleared)
        {
            foreach (var (name, option) in new (string, Option)[]
                     {
                         (ClearableRetentionDays, RetentionDays), (ClearableMaxFiles, MaxFiles), (ClearableMaxSizeMb, MaxSizeMb),
                         (ClearableDescription, Description), (ClearableModule, Module),
                     })
            {
                if (cleared.Contains(name) && parse.GetResult(option) is not null)
                    throw new CliException(ExitCodes.BadInput, $"--{name} and --clear {name} contradict each other; give --{name} to change it or --clear {name} to remove it");
            }
        }

        /// <summary>The --interval given, in the CLI's words when refused: checked before connecting, then read again.</summary>
        public TimeSpan? ReadInterval(ParseResult parse)
        {
            var text = parse.GetValue(Interval);
            TimeSpan? interval;
            try { interval = Durations.ParseOption(text, "--interval"); }
            catch (CliException) { interval = TimeSpan.Zero; }
            return interval is null || CleanupInterval.Validate(interval) is null ? interval
                : throw new CliException(ExitCodes.BadInput, $"--interval \"{text}\" is not accepted; expected a duration from 1s to 366d, e.g. 30m, 6h, 1d or 06:00:00");
        }
    }

    private const string ClearableRetentionDays = "retention-days", ClearableMaxFiles = "max-files", ClearableMaxSizeMb = "max-size-mb",
        ClearableDescription = "description", ClearableModule = "module";

    public static Command CreateRegister(CliContext context)
    {
        var fields = Fields.Create(required: true);
        var id = new Option<string?>("--id")
        {
            Description = "Register under this id; if one is registered under it already, change it to these options instead of adding another (for a module that registers its cleanup at every start)",
        }.AcceptsIds("cleanup registration id");
        var command = new Command("register", "Register a directory to clean; prints the registration id") { id };
        fields.AddTo(command);
        command.SetAction(context.Connected(parse =>
        {
            // Refused before connecting: without roots no registration can ever be stored, whatever Redis says.
            if (CleanupCommand.AllowedRoots(context).Count == 0) throw new CliException(ExitCodes.BadInput, HousekeepingSettings.NoRootsMessage);
            fields.ReadInterval(parse);
            return true;
        }, async (parse, _, client, ct) =>
        {
            var registered = await Register(client, context.Error, parse.GetValue(id), fields.Read(parse, null), CleanupCommand.AllowedRoots(context), ct);
            await context.Out.WriteLineAsync(parse.GetValue(context.Json) ? Formatting.Json(await client.GetCleanupAsync(registered, ct)) : registered);
            return ExitCodes.Ok;
        }));
        return command;
    }

    // With --id: the id's registration made to hold the options, said on stderr when it was there already (stdout keeps
    // only the id, as a script reading it expects).
    private static async Task<string> Register(Contracts.Client.SchedulerClient client, TextWriter error, string? id, CleanupRequest request, IReadOnlyList<string> roots, CancellationToken ct)
    {
        if (id is null) return await client.RegisterCleanupAsync(request, roots, ct);
        var (_, outcome) = await client.ApplyCleanupAsync(id, request, roots, ct);
        if (outcome != Contracts.Declarations.DeclarationOutcome.Created)
            await error.WriteLineAsync(outcome == Contracts.Declarations.DeclarationOutcome.Unchanged
                ? $"cleanup {id} was registered already with these options: unchanged"
                : $"cleanup {id} was registered already: its options replaced by these");
        return id;
    }

    public static Command CreateUpdate(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Cleanup registration id" }.AcceptsIds("cleanup registration id");
        var fields = Fields.Create(required: false);
        var clear = new Option<string[]>("--clear")
        {
            Description = "Remove a stored policy or field (repeatable): retention-days, max-files, max-size-mb, description, module",
            AllowMultipleArgumentsPerToken = true,
        };
        clear.AcceptOnlyFromAmong(ClearableRetentionDays, ClearableMaxFiles, ClearableMaxSizeMb, ClearableDescription, ClearableModule);
        var command = new Command("update", "Change a cleanup registration; options not given keep their values") { id, clear };
        fields.AddTo(command);
        command.SetAction(context.Connected(parse =>
        {
            fields.ThrowIfAlsoCleared(parse, parse.GetValue(clear) ?? []);
            return fields.ReadInterval(parse);
        }, async (parse, _, client, ct) =>
        {
            var registrationId = parse.GetValue(id)!;
            var current = await client.GetCleanupAsync(registrationId, ct)
                ?? throw new CliException(ExitCodes.NotFound, $"no cleanup registration with id \"{registrationId}\"");
            // Applied to the registration as it is when written: an update made meanwhile by someone else is kept.
            var updated = await client.UpdateCleanupAsync(registrationId, stored => fields.Read(parse, stored, parse.GetValue(clear)), CleanupCommand.AllowedRoots(context), ct)
                ?? throw new CliException(ExitCodes.NotFound, $"no cleanup registration with id \"{registrationId}\"");
            // An update that changes nothing is not written (its time stays): said, so a typo'd option is noticed.
            var verb = updated.UpdatedAt == current.UpdatedAt ? "unchanged" : "updated";
            await context.Out.WriteLineAsync(parse.GetValue(context.Json) ? Formatting.Json(updated) : $"{verb} {updated.Id}: {CleanupCommand.Policy(updated)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
