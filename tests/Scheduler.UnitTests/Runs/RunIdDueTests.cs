using Scheduler.Contracts.Runs;

namespace Scheduler.UnitTests.Runs;

public class RunIdDueTests
{
    [Theory]
    [InlineData("t1:1796415376381", 1796415376381L)]
    [InlineData("t1:t1796415376381", 1796415376381L)]
    [InlineData("a:b:1000", 1000L)]
    [InlineData("t1:e42", null)]
    [InlineData("t1:", null)]
    [InlineData("t1:99999999999999999999", null)]
    public void A_runs_due_instant_is_read_from_its_id(string runId, long? dueMs) =>
        Assert.Equal(dueMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, RunRequestStore.DueOf(runId));
}
