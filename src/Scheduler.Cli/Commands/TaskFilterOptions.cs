using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The filters <c>list</c>, <c>pause --all</c>, <c>resume --all</c> and <c>cancel --all</c> share: status, type, tag,
/// module, name, recurring or one-shot (the REST API's status, type, tag, module, name and recurring).
/// </summary>
internal sealed class TaskFilterOptions
{
    private readonly Option<ScheduleStatus?> _status = new("--status")
    {
        Description = $"Only this status: {ScheduleStatusNames.Accepted}",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (ScheduleStatusNames.TryParse(text, out var status)) return status;
            result.AddError($"--status \"{text}\" is not a status; expected one of {ScheduleStatusNames.Accepted}");
            return null;
        },
    };

    private readonly Option<string?> _type = new("--type") { Description = $"Only this task type: {string.Join(", ", TaskTypes.Names)}" };
    private readonly Option<string?> _tag = new("--tag") { Description = "Only tasks carrying this tag" };
    private readonly Option<string?> _module = new("--module") { Description = "Only tasks of this module" };
    private readonly Option<string?> _name = new("--name") { Description = "Only tasks whose name contains this text (any case)" };
    private readonly Option<bool?> _recurring = new("--recurring") { Description = "Only recurring tasks (--recurring false: only one-shots)" };

    public IEnumerable<Option> All => [_status, _type, _tag, _module, _name, _recurring];

    public TaskFilterOptions()
    {
        // A type no task can have would match nothing: an empty list, or "cancelled 0", instead of saying the name is wrong.
        _type.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (TaskTypes.Find(token.Value) is null)
                    result.AddError($"--type \"{token.Value}\" is not a task type; expected one of {string.Join(", ", TaskTypes.Names)}");
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>Whether any filter was given on the command line.</summary>
    public bool AnyGiven(ParseResult parse) => All.Any(option => parse.GetResult(option) is not null);

    public ScheduleFilter Read(ParseResult parse) => new()
    {
        Status = parse.GetValue(_status),
        TaskType = parse.GetValue(_type),
        Tag = parse.GetValue(_tag),
        ModuleId = parse.GetValue(_module),
        NameContains = parse.GetValue(_name),
        Recurring = parse.GetValue(_recurring),
    };
}
