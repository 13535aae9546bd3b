using Scheduler.Contracts.Client;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>
/// Checks a plugin's declared schedules before anything is written, each on its own: a bad one is refused with every
/// problem named, the others go on. The spec and options are checked with the client's own parser and rules, so a
/// declaration accepted here is one the client accepts.
/// </summary>
internal static class DeclarationCheck
{
    public static DeclarationSet Check(string pluginName, IReadOnlyList<string> commands, IReadOnlyList<PluginSchedule?> declared,
        string defaultTimeZone, DateTimeOffset now)
    {
        var valid = new List<DeclaredTask>();
        var invalid = new List<DeclarationProblem>();
        var declaredIds = new HashSet<string>(StringComparer.Ordinal);
        var counts = declared.Where(d => d?.Id is not null).GroupBy(d => d!.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (var i = 0; i < declared.Count; i++)
        {
            var declaration = declared[i];
            var label = declaration?.Id is { Length: > 0 } id ? id : $"#{i + 1}";
            if (declaration is null)
            {
                invalid.Add(new(label, "the declaration is null"));
                continue;
            }
            var taskId = DeclaredSchedules.TaskId(pluginName, declaration.Id ?? "");
            if (TaskIds.IsValid(taskId)) declaredIds.Add(taskId);
            var problems = Problems(pluginName, commands, declaration, counts.GetValueOrDefault(declaration.Id ?? "")).ToList();
            var options = problems.Count == 0 ? Effective(pluginName, declaration) : null;
            if (options is not null) problems.AddRange(SpecProblems(declaration, options, defaultTimeZone, now));
            if (problems.Count > 0)
            {
                invalid.Add(new(label, string.Join("; ", problems)));
                continue;
            }
            var command = commands.First(c => string.Equals(c, declaration.Command, StringComparison.OrdinalIgnoreCase));
            valid.Add(new(declaration.Id!, taskId, Task(pluginName, command, declaration), declaration.Spec.Trim(), options!));
        }
        return new DeclarationSet(pluginName, valid, invalid, declaredIds);
    }

    private static IEnumerable<string> Problems(string pluginName, IReadOnlyList<string> commands, PluginSchedule declaration, int sameId)
    {
        if (!TaskNames.IsValid(declaration.Id)) yield return $"id is {TaskNames.Describe(declaration.Id)}; expected {TaskNames.Shape}";
        else if (!TaskIds.IsValid(DeclaredSchedules.TaskId(pluginName, declaration.Id)))
            yield return $"id \"{declaration.Id}\" makes the task id \"{DeclaredSchedules.TaskId(pluginName, declaration.Id)}\" longer than 128 characters";
        if (sameId > 1) yield return $"id \"{declaration.Id}\" is declared {sameId} times; ids must be unique within a plugin";
        if (string.IsNullOrWhiteSpace(declaration.Spec)) yield return "spec is empty; expected a schedule such as \"0 2 * * *\" or \"every 15 minutes\"";
        var known = !string.IsNullOrWhiteSpace(declaration.Command) && commands.Contains(declaration.Command, StringComparer.OrdinalIgnoreCase);
        if (!known)
            yield return $"command {TaskNames.Describe(declaration.Command)} is not one of the plugin's commands ({(commands.Count == 0 ? "none" : string.Join(", ", commands))})";
        var options = declaration.Options ?? new ScheduleOptions();
        if (options.Id is not null) yield return "options.id is set; the worker names the task itself (plugin.<plugin>.<id>), leave it unset";
        if (options.IdempotencyKey is not null) yield return "options.idempotencyKey is set; the task id already makes registration idempotent, leave it unset";
        if (options.ModuleId is not null) yield return "options.moduleId is set; the worker sets it to the plugin's name, leave it unset";
        if (options.Replace) yield return "options.replace is set; the worker replaces a changed declaration itself, leave it unset";
        if (options.Tags?.FirstOrDefault(Reserved) is { } tag)
            yield return $"tag \"{tag}\" is reserved for the worker's own marks (\"plugin:…\", \"{DeclaredSchedules.OrphanedTag}\")";
        if (known) foreach (var error in Task(pluginName, declaration.Command, declaration).Validate()) yield return error;
    }

    private static IEnumerable<string> SpecProblems(PluginSchedule declaration, ScheduleOptions options, string defaultTimeZone, DateTimeOffset now)
    {
        var errors = ScheduleOptionsValidator.Validate(options).ToList();
        if (errors.Count > 0) return errors;
        try
        {
            var schedule = ScheduleParser.Parse(declaration.Spec, new ScheduleParseOptions
            {
                TimeZone = options.TimeZone ?? defaultTimeZone, Now = now, AllowPast = options.RunIfPast, StartAt = options.StartAt ?? options.StartAfter,
            });
            return ScheduleOptionsValidator.JitterProblem(schedule, options.Jitter, now) is { } jitter ? [jitter] : [];
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return [$"spec \"{declaration.Spec}\" is not accepted: {e.Message}"];
        }
    }

    private static bool Reserved(string tag) =>
        tag.StartsWith("plugin:", StringComparison.OrdinalIgnoreCase) || string.Equals(tag, DeclaredSchedules.OrphanedTag, StringComparison.OrdinalIgnoreCase);

    // The worker's own marks: id, module and tag make the schedule findable as the plugin's; verification is off
    // because this worker itself offers the command and may not be advertising it yet while it starts.
    private static ScheduleOptions Effective(string pluginName, PluginSchedule declaration)
    {
        var options = declaration.Options ?? new ScheduleOptions();
        return options with
        {
            Id = DeclaredSchedules.TaskId(pluginName, declaration.Id),
            Name = options.Name ?? $"{pluginName}: {declaration.Id}",
            ModuleId = pluginName,
            Tags = [.. options.Tags ?? [], DeclaredSchedules.Tag(pluginName)],
            Verify = false,
            Replace = true,
        };
    }

    // Arguments in a fixed order: the stored JSON is compared as text, so the plugin's dictionary order must not matter.
    private static PluginCommandTask Task(string pluginName, string command, PluginSchedule declaration) =>
        new(pluginName, command, declaration.Arguments is null ? null : new SortedDictionary<string, string>(declaration.Arguments.ToDictionary(), StringComparer.Ordinal))
        {
            Execution = declaration.Execution,
        };
}
