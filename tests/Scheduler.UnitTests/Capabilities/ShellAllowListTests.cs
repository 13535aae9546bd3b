using Scheduler.Contracts.Capabilities;

namespace Scheduler.UnitTests.Capabilities;

public class ShellAllowListTests
{
    [Theory]
    [InlineData("echo", true)]
    [InlineData("/usr/bin/true", true)]
    [InlineData("true", true)]
    [InlineData("/tmp/x/echo", false)]
    [InlineData("/bin/echo", false)]
    [InlineData("rm", false)]
    [InlineData("/bin/sh", false)]
    public void A_path_is_allowed_only_when_listed_and_a_name_when_listed_or_named_by_a_listed_path(string program, bool allowed) =>
        Assert.Equal(allowed, CapabilityCheck.ShellAllows(["echo", "/usr/bin/true"], program));

    [Fact]
    public void Sh_listed_allows_use_shell() => Assert.True(CapabilityCheck.ShellAllows(["sh"], "/bin/sh"));
}
