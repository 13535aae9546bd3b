using System.Globalization;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability.Faults;

/// <summary>
/// Executions as the work itself reported them, independently of Scheduler's bookkeeping: lines the shell commands
/// appended to a file, and notifications as the harness's webhook received them.
/// </summary>
public sealed class SideChannel
{
    private SideChannel(ILookup<string, ShellLine> shell, ILookup<string, Delivery> deliveries)
    {
        Shell = shell;
        Deliveries = deliveries;
    }

    /// <summary>Shell lines by task id.</summary>
    public ILookup<string, ShellLine> Shell { get; }

    /// <summary>Webhook deliveries by task id.</summary>
    public ILookup<string, Delivery> Deliveries { get; }

    public static SideChannel Read(string shellFile, WebhookReceiver webhook)
    {
        var lines = File.Exists(shellFile) ? File.ReadAllLines(shellFile) : [];
        var shell = lines.Select(ShellLine.Parse).OfType<ShellLine>().ToLookup(l => l.TaskId);
        var deliveries = webhook.Timeline.Select(Delivery.Parse).ToLookup(d => d.TaskId);
        return new SideChannel(shell, deliveries);
    }

    /// <param name="TaskId">The task (or sequence) the command ran for.</param>
    /// <param name="End">False for the line written as the command started.</param>
    /// <param name="At">The command's own clock reading.</param>
    /// <param name="Orphan">An end line written after the worker that started the command had died.</param>
    public sealed record ShellLine(string TaskId, bool End, DateTimeOffset At, bool Orphan)
    {
        public static ShellLine? Parse(string line)
        {
            var parts = line.Split(' ');
            if (parts.Length < 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return null;
            return new ShellLine(parts[0], parts[1] == "end", DateTimeOffset.FromUnixTimeMilliseconds(ms), parts.Length > 3 && parts[3] == "orphan");
        }
    }

    /// <param name="TaskId">From the notification's body.</param>
    /// <param name="RunId">The occurrence, from the body.</param>
    /// <param name="At">When the webhook received it.</param>
    public sealed record Delivery(string TaskId, string RunId, int Attempt, DateTimeOffset At)
    {
        public static Delivery Parse((DateTimeOffset At, string Body) received)
        {
            var body = JsonDocument.Parse(received.Body).RootElement;
            return new Delivery(body.GetProperty("taskId").GetString()!, body.GetProperty("runId").GetString()!,
                body.GetProperty("attempt").GetInt32(), received.At);
        }
    }
}
