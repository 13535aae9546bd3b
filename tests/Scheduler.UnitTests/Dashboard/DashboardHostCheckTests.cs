using Scheduler.Dashboard.Hosting;

namespace Scheduler.UnitTests.Dashboard;

/// <summary>A dashboard host Kestrel would read as "every interface" (any name but localhost) is refused at start.</summary>
public sealed class DashboardHostCheckTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Loopback_and_every_interface_are_accepted(string host) => Assert.Null(DashboardHostCheck.Problem(host));

    [Fact]
    public void A_name_other_than_localhost_is_refused_because_it_would_open_every_interface()
    {
        Assert.Equal("Scheduler:Dashboard:Host \"localhots\" is not an IP address (Kestrel would read the name as every interface); "
            + "expected localhost, an address of this machine, or 0.0.0.0 for every interface", DashboardHostCheck.Problem("localhots"));
    }

    [Fact]
    public void An_address_this_machine_does_not_have_is_refused_naming_the_ones_it_has()
    {
        var problem = DashboardHostCheck.Problem("203.0.113.77");

        Assert.StartsWith("Scheduler:Dashboard:Host 203.0.113.77 is not an address of this machine; expected localhost, 0.0.0.0 for every interface, or one of: ", problem);
        Assert.Contains("127.0.0.1", problem);
    }
}
