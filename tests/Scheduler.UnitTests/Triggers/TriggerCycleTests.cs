using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.UnitTests.Triggers;

/// <summary>A task may not be triggered, directly or through others, by its own runs.</summary>
public sealed class TriggerCycleTests
{
    private static Func<string, Task<string?>> Chain(params (string Task, string After)[] links)
    {
        var map = links.ToDictionary(l => l.Task, l => l.After);
        return id => Task.FromResult(map.GetValueOrDefault(id));
    }

    [Fact]
    public async Task A_task_after_itself_is_refused()
    {
        var error = await Assert.ThrowsAsync<ScheduleSpecException>(() => TriggerCycles.CheckAsync("a", "a", Chain()));
        Assert.Contains("a after a", error.Message);
    }

    [Fact]
    public async Task A_cycle_through_other_tasks_is_refused_and_named_in_full()
    {
        // c after b after a is stored; a after c closes the loop.
        var error = await Assert.ThrowsAsync<ScheduleSpecException>(() => TriggerCycles.CheckAsync("a", "c", Chain(("c", "b"), ("b", "a"))));
        Assert.Equal("\"after:c\" would make a cycle: a after c after b after a; a task cannot be triggered, directly or through others, by its own runs", error.Message);
    }

    [Fact]
    public async Task A_chain_that_ends_or_names_a_missing_task_is_accepted()
    {
        await TriggerCycles.CheckAsync("c", "b", Chain(("b", "a")));
        await TriggerCycles.CheckAsync("x", "not-yet-scheduled", Chain());
    }

    [Fact]
    public async Task An_older_cycle_among_other_tasks_does_not_hang_the_check()
    {
        await TriggerCycles.CheckAsync("new", "p", Chain(("p", "q"), ("q", "p")));
    }
}
