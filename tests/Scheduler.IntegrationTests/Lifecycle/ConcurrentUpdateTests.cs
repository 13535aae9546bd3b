using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// Two operators changing one task at once (a PATCH of its name beside a PATCH of its max runs): each update is applied
/// to the definition as the other left it, so neither undoes the other, and the audit log shows each change once.
/// </summary>
public sealed class ConcurrentUpdateTests
{
    [Fact]
    public async Task Updates_made_at_once_by_several_clients_all_take_effect_and_each_is_audited_with_what_it_changed()
    {
        await using var redis = await RedisTestContext.CreateAsync("concurrent-update");
        var clients = Enumerable.Range(0, 6).Select(_ => redis.CreateClient()).ToArray();
        TaskUpdate[] changes =
        [
            new() { Name = "renamed" }, new() { MaxRuns = 5 }, new() { Description = "described" },
            new() { Tags = ["ops"] }, new() { Misfire = MisfirePolicy.Skip }, new() { Overlap = OverlapPolicy.Queue },
        ];
        // Several rounds: on one, the writes may happen not to overlap.
        for (var round = 0; round < 5; round++)
        {
            var task = await clients[0].ScheduleAsync(new NotificationTask("x"), "every 1 hour");

            await Task.WhenAll(changes.Select((change, i) => clients[i].UpdateAsync(task.Id, change)));

            var after = (await clients[0].GetAsync(task.Id))!;
            Assert.Equal(("renamed", 5, "described"), (after.Name, after.Options.MaxRuns, after.Description));
            Assert.Equal(["ops"], after.Options.Tags!);
            Assert.Equal((MisfirePolicy.Skip, OverlapPolicy.Queue), (after.Options.Misfire, after.Options.Overlap));
            var updates = (await clients[0].GetAuditAsync(new AuditFilter { TaskId = task.Id, Action = AuditActions.Update })).Entries;
            Assert.Equal(6, updates.Count);
        }
    }

    [Fact]
    public async Task Twenty_updates_at_once_all_land_and_each_audit_entry_shows_only_its_own_change()
    {
        await using var redis = await RedisTestContext.CreateAsync("concurrent-update-twenty");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => redis.CreateClient().UpdateAsync(task.Id,
            i % 2 == 0 ? new TaskUpdate { Tags = [$"t{i}"] } : new TaskUpdate { MaxRuns = 100 + i })));

        var updates = (await client.GetAuditAsync(new AuditFilter { TaskId = task.Id, Action = AuditActions.Update, Limit = 50 })).Entries;
        Assert.Equal(20, updates.Count);
        Assert.All(updates, u => Assert.Single(u.After!));
    }
}
