using Scheduler.Cli.Commands;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;

namespace Scheduler.UnitTests.Cli;

/// <summary>What <c>scheduler flow</c> prints for a concurrency key.</summary>
public sealed class FlowTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static string Text(params FlowOverview.TaskLimit[] tasks) => FlowCommand.Text(new FlowOverview(At,
        [new FlowOverview.ConcurrencyLine("shared", tasks, [new("a:1", At.AddSeconds(30)), new("b:1", At.AddSeconds(30)), new("c:1", At.AddSeconds(30))], 1)],
        [], [], [], [], []));

    [Fact]
    public void A_key_whose_tasks_set_different_limits_shows_each_limit_not_the_smallest_alone()
    {
        var text = Text(new("dl1", "one", ScheduleStatus.Scheduled, 1), new("dl2", "two", ScheduleStatus.Scheduled, 3), new("dl3", "three", ScheduleStatus.Scheduled, 3));

        Assert.Matches(@"shared\s+1, 3 \(per task\)\s+3 \(full\)\s+1", text);
    }

    [Fact]
    public void A_key_whose_tasks_agree_shows_the_one_limit()
    {
        var text = Text(new("dl2", "two", ScheduleStatus.Scheduled, 3), new("dl3", "three", ScheduleStatus.Scheduled, 3));

        Assert.Matches(@"shared\s+3\s+3 \(full\)\s+1", text);
    }
}
