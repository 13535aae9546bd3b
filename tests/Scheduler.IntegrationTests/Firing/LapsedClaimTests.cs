using Microsoft.Extensions.DependencyInjection;
using Scheduler.Beat.Firing;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A claim round returns each due occurrence's score before the claim; above its due, an earlier claim of it lapsed (its
/// Beat died, or Redis failed the fire). Beat judges such an occurrence as of that first claim when it claims it again
/// promptly, so misfire skip does not drop what a Beat reached on time only because the lease outlasted the threshold.
/// </summary>
public sealed class LapsedClaimTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task An_occurrence_claimed_again_after_its_on_time_claim_lapsed_is_fired_under_misfire_skip()
    {
        await using var redis = await RedisTestContext.CreateAsync("lapsed-claim");
        var client = redis.CreateClient(verifyWorkers: false);
        using var beat = InProcessSystem.BuildBeat(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Beat:ClaimLease"] = "00:00:01", ["Scheduler:Beat:MisfireThreshold"] = "00:00:00.500",
        });
        var (store, firer) = (beat.Services.GetRequiredService<ScheduleStore>(), beat.Services.GetRequiredService<OccurrenceFirer>());
        var due = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds());
        var task = await client.ScheduleAsync(new NotificationTask("lapsed"), $"at:{due:O}", new ScheduleOptions { Misfire = MisfirePolicy.Skip });
        await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20));

        // Claimed on time by a Beat that then did nothing more (it died, or Redis failed its fire).
        var first = await store.ClaimRoundAsync(DateTimeOffset.UtcNow, limit: 10, Lease);
        Assert.Equal([task.Id], first.DueIds);
        Assert.Equal([due.ToUnixTimeMilliseconds()], first.ScoresBefore);

        // Claimed again once that claim lapsed: by now the occurrence is later than the threshold.
        var round = await Eventually.WaitAsync(() => store.ClaimRoundAsync(DateTimeOffset.UtcNow, limit: 10, Lease), r => r.DueIds.Count == 1,
            TimeSpan.FromSeconds(5), "the lapsed claim to be claimed again");
        Assert.True(round.ScoresBefore![0] > due.ToUnixTimeMilliseconds());
        Assert.True(DateTimeOffset.UtcNow - due > TimeSpan.FromMilliseconds(500));
        var records = await store.ReadRecordsAsync(round.DueIds);

        var fire = await firer.PrepareAsync(task.Id, records[0], round.ScoresBefore[0]);

        Assert.NotNull(fire);
        Assert.Equal($"{task.Id}:{due.ToUnixTimeMilliseconds()}", fire.Job.RunId);
        fire.Job.Dispose();
    }
}
