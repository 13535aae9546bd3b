using Scheduler.Dashboard.Security;

namespace Scheduler.UnitTests.Dashboard;

public sealed class HostNamesTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::2", false)]
    [InlineData(null, false)]
    public void A_connection_address_is_loopback_also_when_ipv4_mapped_but_never_when_unknown(string? address, bool loopback) =>
        Assert.Equal(loopback, HostNames.IsLoopbackAddress(address is null ? null : System.Net.IPAddress.Parse(address)));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("a.b.localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.255.254", true)]
    [InlineData("[::1]", true)]
    [InlineData("[0:0:0:0:0:0:0:1]", true)]
    [InlineData("[::ffff:127.0.0.1]", true)]
    [InlineData("", false)]
    [InlineData("localhost.", false)]
    [InlineData("notlocalhost", false)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("127.0.0.1.nip.io", false)]
    [InlineData("128.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("127.1", false)]
    [InlineData("2130706433", false)]
    [InlineData("::1", false)]
    [InlineData("[::2]", false)]
    public void Only_names_no_DNS_answer_can_change_count_as_loopback(string host, bool loopback) =>
        Assert.Equal(loopback, HostNames.IsLoopback(host));

    [Theory]
    [InlineData("scheduler.internal", true)]
    [InlineData("SCHEDULER.internal", true)]
    [InlineData("a.lab.internal", true)]
    [InlineData("lab.internal", false)]
    [InlineData("evillab.internal", false)]
    [InlineData("scheduler.internal.evil.example", false)]
    [InlineData("scheduler.internal.", true)]
    [InlineData("a.lab.internal.", true)]
    [InlineData("lab.internal.", false)]
    [InlineData("evil.example.", false)]
    [InlineData(".", false)]
    public void Allowed_hosts_match_exactly_or_as_subdomains_of_a_wildcard(string host, bool allowed) =>
        Assert.Equal(allowed, HostNames.IsAllowed(host, ["scheduler.internal", "*.lab.internal"]));

    [Theory]
    [InlineData("x.lab.internal", true)]
    [InlineData("x.lab.internal.", true)]
    [InlineData("lab.internal", false)]
    [InlineData("x.evil.example.", false)]
    public void A_configured_name_with_the_dns_roots_dot_matches_the_same_names(string host, bool allowed) =>
        Assert.Equal(allowed, HostNames.IsAllowed(host, ["*.lab.internal."]));
}
