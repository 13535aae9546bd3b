using Microsoft.Extensions.Time.Testing;
using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

public sealed class StorageUpkeepTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void A_long_expiry_is_refreshed_again_only_after_the_interval_and_only_once_a_refresh_committed()
    {
        var time = new FakeTimeProvider();
        var upkeep = new StorageUpkeep(time);

        Assert.True(upkeep.ExpiryDue("stats:succeeded:2026-11-30", Day));
        Assert.True(upkeep.ExpiryDue("stats:succeeded:2026-11-30", Day)); // nothing committed yet
        upkeep.ExpiryRefreshed(["stats:succeeded:2026-11-30"]);
        Assert.False(upkeep.ExpiryDue("stats:succeeded:2026-11-30", Day));
        Assert.True(upkeep.ExpiryDue("stats:succeeded:2026-11-30-12", Day));

        time.Advance(StorageUpkeep.ExpiryRefreshInterval - TimeSpan.FromSeconds(1));
        Assert.False(upkeep.ExpiryDue("stats:succeeded:2026-11-30", Day));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(upkeep.ExpiryDue("stats:succeeded:2026-11-30", Day));
    }

    [Fact]
    public void A_short_expiry_is_refreshed_with_every_increment()
    {
        var upkeep = new StorageUpkeep(new FakeTimeProvider());
        upkeep.ExpiryRefreshed(["rate"]);

        Assert.True(upkeep.ExpiryDue("rate", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Hangfire_capped_lists_are_trimmed_on_the_first_push_and_every_sixteenth_after_other_lists_every_time()
    {
        var upkeep = new StorageUpkeep(new FakeTimeProvider());

        var trims = Enumerable.Range(1, 40).Where(_ => upkeep.TrimDue("succeeded")).Count();
        var deleted = upkeep.TrimDue("deleted");
        var userList = Enumerable.Range(1, 5).All(_ => upkeep.TrimDue("my-list"));

        Assert.Equal(3, trims); // pushes 1, 17 and 33
        Assert.True(deleted);
        Assert.True(userList);
    }
}
