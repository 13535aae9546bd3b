using Scheduler.Runtime.Hosting;

namespace Scheduler.UnitTests.Recovery;

public sealed class ProcessIdentityTests
{
    [Fact]
    public void Hangfire_server_named_after_a_process_maps_back_to_that_process()
    {
        var identity = new ProcessIdentity("worker");
        // How Hangfire 1.8 (BackgroundServerProcess.GetServerId) names a server given ServerName = identity.Id.
        var serverId = $"{identity.Id}:{Environment.ProcessId}:{Guid.NewGuid()}".ToLowerInvariant();
        Assert.Equal(identity.Id, ProcessIdentity.OfHangfireServer(serverId));
    }

    [Fact]
    public void Capitalised_role_maps_back_ignoring_case_as_hangfire_lower_cases_server_ids()
    {
        var identity = new ProcessIdentity("Worker");
        var serverId = $"{identity.Id}:{Environment.ProcessId}:{Guid.NewGuid()}".ToLowerInvariant();
        Assert.Equal(identity.Id, ProcessIdentity.OfHangfireServer(serverId), StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("vm:4700:871f366f-e5d0-4e1d-a5f5-d19b90c6aa93")]
    [InlineData("worker:vm:4700:72bd89:4701:871f366f-e5d0-4e1d-a5f5-d19b90c6aa93")]
    [InlineData("worker:vm:4700:72bd89:4700:not-a-guid")]
    [InlineData("worker:vm:pid:72bd89:pid:871f366f-e5d0-4e1d-a5f5-d19b90c6aa93")]
    [InlineData("worker:vm:4700:72bd:4700:871f366f-e5d0-4e1d-a5f5-d19b90c6aa93")]
    [InlineData("871f366f-e5d0-4e1d-a5f5-d19b90c6aa93")]
    [InlineData("")]
    [InlineData(null)]
    public void Server_not_named_after_one_of_our_processes_maps_to_nothing(string? serverId) =>
        Assert.Null(ProcessIdentity.OfHangfireServer(serverId));
}
