using Scheduler.Dashboard.Audit;

namespace Scheduler.UnitTests.Dashboard;

public sealed class HangfireActionsTests
{
    [Theory]
    [InlineData("/jobs/enqueued/delete", "job.delete", null, true)]
    [InlineData("/jobs/failed/requeue", "job.requeue", null, true)]
    [InlineData("/jobs/scheduled/enqueue", "job.requeue", null, true)]
    [InlineData("/jobs/awaiting/delete", "job.delete", null, true)]
    [InlineData("/jobs/actions/requeue/42", "job.requeue", "42", false)]
    [InlineData("/jobs/actions/delete/a/b", "job.delete", "a/b", false)]
    [InlineData("/recurring/trigger", "recurring.trigger", null, true)]
    [InlineData("/recurring/remove", "recurring.remove", null, true)]
    [InlineData("/recurring/disable", "hangfire.action", null, true)]
    public void Each_Hangfire_dashboard_post_route_is_an_audit_action(string route, string action, string? pathJobId, bool idsInForm) =>
        Assert.Equal((action, pathJobId, idsInForm), HangfireActions.Of(route));

    [Fact]
    public void The_stats_poll_of_Hangfires_pages_is_no_action() => Assert.Null(HangfireActions.Of("/stats"));
}
