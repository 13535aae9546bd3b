using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>How <c>schedule</c> reports what it did to an id: its first word, and the "outcome" member under --json.</summary>
internal static class ScheduleOutcomeText
{
    /// <summary>"scheduled", "already scheduled", "rescheduled" (an ended id scheduled anew) or "replaced".</summary>
    public static string Verb(ScheduleOutcome outcome) => outcome switch
    {
        ScheduleOutcome.Created => "scheduled",
        ScheduleOutcome.AlreadyScheduled => "already scheduled",
        ScheduleOutcome.Rescheduled => "rescheduled",
        _ => "replaced",
    };

    /// <summary>The task as JSON with <c>"outcome"</c>: created, alreadyScheduled, rescheduled or replaced.</summary>
    public static JsonNode WithOutcome(ScheduleResult result)
    {
        var node = JsonSerializer.SerializeToNode(result.Task, Output.Formatting.JsonOptions)!;
        node["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString());
        return node;
    }
}
