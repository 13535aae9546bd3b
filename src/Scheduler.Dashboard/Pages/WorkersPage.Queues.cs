using Scheduler.Contracts.Capabilities;

namespace Scheduler.Dashboard.Pages;

internal sealed partial class WorkersPage
{
    // Each queue with what waits there and who serves it; runs waiting where no live worker listens are the problem an
    // operator comes here for, so they are named above the table and their rows marked.
    private void Queues(IReadOnlyList<QueueState> queues, DateTimeOffset now)
    {
        Literal("<h2>Queues</h2>");
        var unserved = queues.Where(Unserved).Select(q => q.Name).ToList();
        if (unserved.Count > 0)
        {
            Literal("<p class=\"alert alert-danger\" data-testid=\"queues-unserved\">");
            Text($"Runs wait in queue(s) no live worker serves: {string.Join(", ", unserved)}. They start only once a worker serving that queue runs.");
            Literal("</p>");
        }
        Literal("<table class=\"table table-condensed\" data-testid=\"queues\"><thead><tr>");
        foreach (var heading in new[] { "Queue", "Waiting", "Taken by workers", "Oldest waiting", "Workers" })
        {
            Literal("<th>"); Text(heading); Literal("</th>");
        }
        Literal("</tr></thead><tbody>");
        foreach (var queue in queues)
        {
            Literal("<tr data-testid=\"queue-row\" data-queue=\""); Text(queue.Name); Literal("\"");
            if (Unserved(queue)) Literal(" class=\"danger\"");
            Literal(">");
            Cell("queue-name", queue.Name);
            Cell("queue-waiting", queue.Waiting);
            Cell("queue-taken", queue.Taken);
            Cell("queue-oldest", queue.OldestWaitingSince is { } since ? $"{Time(since)} ({Ago(now - since)})" : "—");
            Literal("<td data-testid=\"queue-workers\">");
            if (Unserved(queue))
            {
                Literal("<span class=\"label label-danger\" data-testid=\"queue-no-worker\">");
                Text("no live worker serves it"); Literal("</span>");
            }
            else if (queue.Workers.Count == 0) Literal("<span class=\"text-muted\">none: its runs would wait until a worker serves it</span>");
            foreach (var worker in queue.Workers) { Literal("<div>"); Text(worker); Literal("</div>"); }
            Literal("</td></tr>");
        }
        Literal("</tbody></table>");
    }

    private static bool Unserved(QueueState queue) => UnservedQueues.Is(queue);
}
