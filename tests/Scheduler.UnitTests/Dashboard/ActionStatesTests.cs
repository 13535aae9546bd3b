using Scheduler.Dashboard.Pages;

namespace Scheduler.UnitTests.Dashboard;

/// <summary>Which buttons each status offers on the operator pages.</summary>
public sealed class ActionStatesTests
{
    [Theory]
    [InlineData("scheduled", "pause,trigger,cancel,delete")]
    [InlineData("running", "pause,trigger,stop,cancel,delete")]
    [InlineData("paused", "resume,trigger,cancel,delete")]
    [InlineData("completed", "trigger,delete")]
    [InlineData("failed", "trigger,delete")]
    [InlineData("expired", "trigger,delete")]
    [InlineData("cancelled", "delete")]
    public void Each_status_offers_only_the_actions_it_allows(string status, string offered)
    {
        Assert.Equal(offered, string.Join(',', ActionStates.Offered(status)));
        foreach (var hidden in new[] { "pause", "resume", "trigger", "stop", "cancel", "delete" }.Except(offered.Split(',')))
            Assert.Contains($"[data-status=\"{status}\"] button[data-action=\"{hidden}\"]", ActionStates.Style);
    }
}
