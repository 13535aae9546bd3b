using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler queues</c>: each queue runs go to, with the runs waiting there, the runs workers took, how long the
/// oldest has waited, and the live workers serving it: Celery's <c>inspect active_queues</c> and Flower's broker page.
/// </summary>
internal static class QueuesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("queues", "List the queues runs go to: runs waiting, runs taken by workers, the oldest wait, the live workers serving each");
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var queues = await client.GetQueuesAsync(ct);
            var now = DateTimeOffset.UtcNow;
            await context.PrintAsync(parse, queues, async o =>
            {
                await o.WriteAsync(Formatting.Table(["QUEUE", "WAITING", "TAKEN", "OLDEST WAITING", "WORKERS"], queues.Select(q => (IReadOnlyList<string>)
                [
                    q.Name, q.Waiting.ToString(), q.Taken.ToString(), Formatting.Relative(q.OldestWaitingSince, now),
                    q.Workers.Count == 0 ? "none: its runs wait until a worker serves it" : $"{q.Workers.Count} ({string.Join(", ", q.Workers)})",
                ]), clip: false));
            });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
