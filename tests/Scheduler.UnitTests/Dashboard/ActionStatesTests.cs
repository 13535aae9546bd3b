using Scheduler.Dashboard.Pages;

namespace Scheduler.UnitTests.Dashboard;

/// <summary>Which buttons each status offers on the operator pages, and that Stop follows the runs in progress, not the status.</summary>
public sealed class ActionStatesTests
{
    [Theory]
    [InlineData("scheduled", "pause,trigger,cancel,delete")]
    [InlineData("running", "pause,trigger,cancel,delete")]
    [InlineData("paused", "resume,trigger,cancel,delete")]
    [InlineData("completed", "trigger,delete")]
    [InlineData("failed", "trigger,delete")]
    [InlineData("expired", "trigger,delete")]
    [InlineData("cancelled", "delete")]
    public void Each_status_offers_only_the_actions_it_allows(string status, string offered)
    {
        Assert.Equal(offered, string.Join(',', ActionStates.Offered(status, runsInProgress: false)));
        foreach (var hidden in new[] { "pause", "resume", "trigger", "cancel", "delete" }.Except(offered.Split(',')))
            Assert.Contains($"[data-status=\"{status}\"] button[data-action=\"{hidden}\"]", ActionStates.Style);
    }

    [Theory]
    [InlineData("scheduled", "pause,trigger,stop,cancel,delete")]
    [InlineData("running", "pause,trigger,stop,cancel,delete")]
    [InlineData("paused", "resume,trigger,stop,cancel,delete")]
    [InlineData("completed", "trigger,stop,delete")]
    [InlineData("failed", "trigger,stop,delete")]
    [InlineData("expired", "trigger,stop,delete")]
    [InlineData("cancelled", "delete")]
    public void Stop_is_offered_in_any_status_but_cancelled_while_a_run_is_in_progress(string status, string offered)
    {
        Assert.Equal(offered, string.Join(',', ActionStates.Offered(status, runsInProgress: true)));
        Assert.Equal(status == "cancelled", ActionStates.Style.Contains($"[data-status=\"{status}\"] button[data-action=\"stop\"]"));
    }

    [Fact]
    public void The_style_hides_stop_on_a_task_holder_without_a_run_in_progress_and_on_nothing_else()
    {
        Assert.Contains("[data-task]:not([data-in-progress=\"true\"]) button[data-action=\"stop\"]", ActionStates.Style);
        Assert.Equal("true", ActionStates.InProgressValue(true));
        Assert.Equal("false", ActionStates.InProgressValue(false));
    }
}
