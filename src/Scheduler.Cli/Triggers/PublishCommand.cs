using System.CommandLine;
using System.Text.Json;
using Scheduler.Cli.Commands;
using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.Cli.Triggers;

/// <summary><c>scheduler publish &lt;name&gt; [--data JSON]</c>: runs every task scheduled <c>on:name</c> once.</summary>
internal static class PublishCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = $"Event name ({TriggerSpec.AcceptedNames})" };
        var data = new Option<string?>("--data") { Description = "The event's payload as JSON, passed to the triggered tasks" };
        var command = new Command("publish", "Publish an event: every active task scheduled \"on:<name>\" runs once") { name, data };
        command.SetAction(context.Connected(parse =>
        {
            var eventName = parse.GetValue(name)!;
            if (!TriggerSpec.IsValidName(eventName))
                throw new CliException(ExitCodes.BadInput, $"event name \"{eventName}\" is not valid; expected {TriggerSpec.AcceptedNames}");
            var payload = parse.GetValue(data);
            if (payload is not null)
            {
                try { using (JsonDocument.Parse(payload)) { } }
                catch (JsonException e)
                {
                    var at = e.BytePositionInLine is { } column ? $" at character {column + 1}{(e.LineNumber is > 0 and var line ? $" of line {line + 1}" : "")}" : "";
                    throw new CliException(ExitCodes.BadInput,
                        $"--data is not JSON ({JsonFileProblems.Words(e.Message)}{at}); expected e.g. --data '{{\"file\": \"a.csv\"}}'");
                }
            }
            return (Name: eventName, Payload: payload);
        },
        async (parse, input, client, ct) =>
        {
            var (eventName, payload) = input;
            var published = await client.PublishAsync(eventName, payload, ct);
            if (parse.GetValue(context.Json))
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(new { name = published.Name, triggerId = published.TriggerId, tasks = published.TaskIds }));
            else if (published.TaskIds.Count == 0)
                await context.Out.WriteLineAsync($"published {eventName}: no active task is scheduled on:{eventName}");
            else
                await context.Out.WriteLineAsync($"published {eventName} ({published.TriggerId}): triggered {string.Join(", ", published.TaskIds)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
