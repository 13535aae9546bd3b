using System.CommandLine;
using System.Text.Json;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler update &lt;id&gt; [--name] [--description] [--tag …] [--max-runs] [--start-after] [--end-at] [--jitter] [--clear …] [--tz] [--queue] [--module]
/// [--misfire] [--overlap] [--concurrency] [--rate-limit] [--priority] [--definition] [--retries] [--soft-timeout] [--hard-timeout]</c>: changes only what is given; the
/// spec is changed with <c>reschedule</c>.
/// </summary>
internal static class UpdateCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var name = new Option<string?>("--name") { Description = "New display name" };
        var description = new Option<string?>("--description") { Description = "New description" };
        var tags = new Option<string[]>("--tag") { Description = "Tag (repeatable); the tags given replace the task's tags" };
        var maxRuns = new Option<int?>("--max-runs") { Description = "New limit of runs" }.Within(1, int.MaxValue);
        var endAt = new Option<string?>("--end-at") { Description = "New end: 2026-12-31T18:00 (in the task's zone) or \"tomorrow at 6pm\"; a day without a time, \"dec 31\", ends after that day" };
        var startAfter = new Option<string?>("--start-after") { Description = "New start bound, no run before it: 2026-12-01T09:00 (in the task's zone) or \"monday at 9am\"; the spec is read again from it" };
        var jitter = new Option<string?>("--jitter") { Description = "New random delay bound added to each run, e.g. 30s, 5m (at most 1h)" };
        var zone = new Option<string?>("--tz") { Description = "New IANA time zone: the spec is read again as when it was given, its times of day in the new zone (\"tomorrow at 9am\" keeps its day); a one-shot whose time has passed is refused (give a new spec with reschedule)" };
        var queue = new Option<string?>("--queue") { Description = "New Hangfire queue" };
        var module = new Option<string?>("--module") { Description = "New owning module" };
        var misfire = new Option<MisfirePolicy?>("--misfire") { Description = "runOnce, skip or runAll" };
        var overlap = new Option<OverlapPolicy?>("--overlap") { Description = "skip, allow, queue or cancelPrevious" };
        var concurrency = new Option<string?>("--concurrency") { Description = "New concurrency limit, e.g. key=shell:{workingDirectory},limit=2" };
        var rateLimit = new Option<string?>("--rate-limit") { Description = "New rate limit, e.g. key=mcp:{serverName},count=5,per=1m" };
        var priority = new Option<Scheduler.Contracts.Flow.TaskPriority?>("--priority") { Description = "high, normal or low" };
        // The task's own parameters (a notification's message, a shell command's arguments), as PATCH's "task" does:
        // without it the CLI could change them only by a replace, which restarts the task's counters.
        var definition = new Option<string?>("--definition") { Description = "JSON file (at most 1 MiB) with the task's new definition including \"type\", or without \"type\" only the fields to change ('-' reads stdin); runs and history stay" };
        // A run's retries and timeouts, as schedule takes them: without these, changing one meant a --definition file.
        var retries = new Option<int?>("--retries") { Description = "New retries after the first attempt (0..100); the definition's other fields stay" }.Within(0, 100);
        var softTimeout = new Option<string?>("--soft-timeout") { Description = "New soft timeout, e.g. 30s, 5m: the handler is asked to stop" };
        var hardTimeout = new Option<string?>("--hard-timeout") { Description = "New hard timeout, e.g. 1m, 10m: the attempt is abandoned" };
        var clear = new Option<string[]>("--clear")
        {
            Description = "Remove a stored option (repeatable): " + string.Join(", ", Clearable.Keys),
            AllowMultipleArgumentsPerToken = true,
        };
        clear.AcceptOnlyFromAmong([.. Clearable.Keys]);
        Option[] changes = [name, description, tags, maxRuns, startAfter, endAt, jitter, clear, zone, queue, module, misfire, overlap, concurrency, rateLimit, priority, definition, retries, softTimeout, hardTimeout];
        var command = new Command("update", "Change a task's name, description, tags, limits, zone, queue, module or definition; options not given stay") { id };
        foreach (var option in changes) command.Options.Add(option);
        command.Options.Add(new Option<bool>("--no-verify")
        {
            Description = "Change the queue or definition even if no live worker serves or offers it (for workers that start later; also SCHEDULER_VERIFY=false)",
        });
        command.SetAction(context.Connected(parse =>
        {
            if (!changes.Any(option => parse.GetResult(option) is not null))
                throw new CliException(ExitCodes.BadInput, $"nothing to change; give at least one of {string.Join(", ", changes.Select(o => o.Name))} (the spec: scheduler reschedule)");
            // The values wrong whatever the task holds are refused before connecting (exit 2 whether or not Redis
            // answers), in the client's words; the rest is checked against the stored task.
            var jitterBound = Durations.ParseWithin(parse.GetValue(jitter), "--jitter", ScheduleOptionsValidator.MaxJitter, zeroAllowed: true);
            var alone = ScheduleOptionsValidator.Validate(new ScheduleOptions
            {
                Jitter = jitterBound,
                Name = parse.GetValue(name), Description = parse.GetValue(description), Tags = parse.GetValue(tags),
                MaxRuns = parse.GetValue(maxRuns), TimeZone = parse.GetValue(zone), Queue = parse.GetValue(queue),
                ModuleId = parse.GetValue(module),
            }).ToList();
            if (alone.Count > 0) throw new InvalidTaskException(alone);
            // Read in the task's zone once connected; their form is checked now, in --tz's (or UTC), which reads the same words.
            InstantOption.Read(parse.GetValue(startAfter), "--start-after", parse.GetValue(zone) ?? "UTC", context.Time);
            InstantOption.ReadEnd(parse.GetValue(endAt), "--end-at", parse.GetValue(zone) ?? "UTC", context.Time);
            Option[] setters = [endAt, maxRuns, jitter, tags, queue, module, concurrency, rateLimit, startAfter, description];
            foreach (var cleared in parse.GetValue(clear) ?? [])
                if (setters.FirstOrDefault(o => o.Name == "--" + (cleared == "tags" ? "tag" : cleared)) is { } set && parse.GetResult(set) is not null)
                    throw new CliException(ExitCodes.BadInput, $"{set.Name} is given and --clear {cleared} removes it; expected one of them");
            return (Id: parse.GetValue(id)!,
                Jitter: jitterBound,
                Task: parse.GetValue(definition) is { } file ? Definition(file) : null,
                Execution: (Retries: parse.GetValue(retries), Soft: Durations.ParseWithin(parse.GetValue(softTimeout), "--soft-timeout", ExecutionPolicy.MaxTimeout, zeroAllowed: false),
                    Hard: Durations.ParseWithin(parse.GetValue(hardTimeout), "--hard-timeout", ExecutionPolicy.MaxTimeout, zeroAllowed: false)),
                Concurrency: parse.GetValue(concurrency) is { } c ? FlowControlOptions.ParseConcurrency(c) : null,
                RateLimit: parse.GetValue(rateLimit) is { } r ? FlowControlOptions.ParseRateLimit(r) : null);
        }, async (parse, input, client, ct) =>
        {
            var taskId = input.Id;
            var current = await client.GetAsync(taskId, ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            var update = new TaskUpdate
            {
                Name = parse.GetValue(name),
                Description = parse.GetValue(description),
                Tags = parse.GetValue(tags) is { Length: > 0 } given ? given : null,
                MaxRuns = parse.GetValue(maxRuns),
                StartAfter = InstantOption.Read(parse.GetValue(startAfter), "--start-after", parse.GetValue(zone) ?? current.Schedule.TimeZone, context.Time),
                EndAt = InstantOption.ReadEnd(parse.GetValue(endAt), "--end-at", parse.GetValue(zone) ?? current.Schedule.TimeZone, context.Time),
                Jitter = input.Jitter,
                TimeZone = parse.GetValue(zone),
                Queue = parse.GetValue(queue),
                ModuleId = parse.GetValue(module),
                Misfire = parse.GetValue(misfire),
                Overlap = parse.GetValue(overlap),
                Concurrency = input.Concurrency,
                RateLimit = input.RateLimit,
                Priority = parse.GetValue(priority),
                Task = WithExecution(input.Task?.Complete(current.Task), current.Task, input.Execution),
                Clear = parse.GetValue(clear) is { Length: > 0 } cleared ? [.. cleared.Select(option => Clearable[option])] : null,
            };
            var updated = await client.UpdateAsync(taskId, update, ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            await context.PrintAsync(parse, updated, o => o.WriteLineAsync($"updated {updated.Id}"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private const string DefinitionExample = "{\"type\": \"notification\", \"message\": \"hi\"} (or, without \"type\", only the fields to change: {\"message\": \"hi\"})";

    // A whole definition is checked before connecting; one without "type" names fields to change in the stored one,
    // which is read only once connected.
    private static GivenDefinition Definition(string file)
    {
        var bytes = JsonFileOption.ReadBytes(file, "--definition");
        try
        {
            using var json = JsonDocument.Parse(JsonFileOption.WithoutBom(bytes));
            if (TaskChanges.AreFieldsOnly(json.RootElement))
            {
                var fields = json.RootElement.Clone();
                return new GivenDefinition(null, current => JsonFileOption.Bind<TaskDefinition>(
                    JsonSerializer.SerializeToUtf8Bytes(TaskChanges.Apply(current, fields)), "--definition", file, DefinitionExample));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the whole-definition reading below says where.
        }
        return new GivenDefinition(JsonFileOption.Bind<TaskDefinition>(bytes, "--definition", file, DefinitionExample), null);
    }

    private sealed record GivenDefinition(TaskDefinition? Whole, Func<TaskDefinition, TaskDefinition>? Fields)
    {
        public TaskDefinition Complete(TaskDefinition current) => Whole ?? Fields!(current);
    }

    // Retries and timeouts change the given definition, else the stored one; the policy's fields not given stay.
    private static Scheduler.Contracts.Tasks.TaskDefinition? WithExecution(Scheduler.Contracts.Tasks.TaskDefinition? given,
        Scheduler.Contracts.Tasks.TaskDefinition current, (int? Retries, TimeSpan? Soft, TimeSpan? Hard) change)
    {
        if (change is (null, null, null)) return given;
        var task = given ?? current;
        var policy = task.Execution ?? new Scheduler.Contracts.Tasks.ExecutionPolicy();
        return task with
        {
            Execution = policy with
            {
                MaxRetries = change.Retries ?? policy.MaxRetries,
                SoftTimeout = change.Soft ?? policy.SoftTimeout,
                HardTimeout = change.Hard ?? policy.HardTimeout,
            },
        };
    }

    // Named as the options that set them.
    private static readonly Dictionary<string, ClearableOption> Clearable = new()
    {
        ["end-at"] = ClearableOption.EndAt, ["max-runs"] = ClearableOption.MaxRuns, ["jitter"] = ClearableOption.Jitter,
        ["tags"] = ClearableOption.Tags, ["queue"] = ClearableOption.Queue, ["module"] = ClearableOption.ModuleId,
        ["concurrency"] = ClearableOption.Concurrency, ["rate-limit"] = ClearableOption.RateLimit,
        ["start-after"] = ClearableOption.StartAfter, ["description"] = ClearableOption.Description,
    };
}
