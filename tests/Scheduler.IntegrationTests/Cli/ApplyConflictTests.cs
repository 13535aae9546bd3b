using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// An apply writes only onto what it read: another client that creates or changes an id between the apply's plan and
/// its write (here, between the two steps called apart) is not overwritten; that item is a conflict, the rest applied.
/// </summary>
public sealed class ApplyConflictTests
{
    private static readonly NotificationTask Declared = new("declared");
    private static readonly NotificationTask Theirs = new("theirs");

    private static ScheduleDeclaration Declaration(string id, string spec = "every 1 hour", bool paused = false) => new(id, spec, Declared, Paused: paused);

    [Fact]
    public async Task An_id_created_by_another_client_after_the_plan_is_a_conflict_and_keeps_what_that_client_wrote()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-race-create");
        var apply = redis.CreateClient(verifyWorkers: false).As("apply");
        var other = redis.CreateClient(verifyWorkers: false).As("other");
        var plan = await apply.PlanAsync([Declaration("race"), Declaration("calm")], null, CancellationToken.None);
        Assert.Equal([DeclarationOutcome.Created, DeclarationOutcome.Created], plan.Select(p => p.Result.Outcome));

        await other.ScheduleAsync(Theirs, "every 2 hours", new ScheduleOptions { Id = "race" });
        var results = await apply.WriteAsync(plan, CancellationToken.None);

        Assert.Equal([("race", DeclarationOutcome.Conflict), ("calm", DeclarationOutcome.Created)], results.Select(r => (r.Id, r.Outcome)));
        Assert.Equal(ScheduleStatus.Scheduled, results[0].Status);
        Assert.Contains(results[0].Differences, d => d.Field == "spec");
        var kept = (await other.GetAsync("race"))!;
        Assert.Equal(("theirs", "every 2 hours", "other"), (((NotificationTask)kept.Task).Message, kept.Spec, kept.CreatedBy));
        Assert.DoesNotContain((await other.GetAuditAsync(new AuditFilter { TaskId = "race" })).Entries, e => e.Actor == "apply");
    }

    [Fact]
    public async Task A_task_changed_ended_or_deleted_after_the_plan_is_not_replaced_and_one_changed_to_the_declaration_is_unchanged()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-race-replace");
        var apply = redis.CreateClient(verifyWorkers: false).As("apply");
        var other = redis.CreateClient(verifyWorkers: false).As("other");
        foreach (var id in new[] { "updated", "deleted", "recreated", "same", "paused" })
            await other.ScheduleAsync(Theirs, "every 30 minutes", new ScheduleOptions { Id = id });
        var plan = await apply.PlanAsync([.. new[] { "updated", "deleted", "recreated", "same", "paused" }.Select(id => Declaration(id))], null, CancellationToken.None);
        Assert.All(plan, p => Assert.Equal(DeclarationOutcome.Replaced, p.Result.Outcome));

        await other.UpdateAsync("updated", new TaskUpdate { Spec = "every 45 minutes" });
        await other.DeleteAsync("deleted");
        // Deleted and created again with the very definition the plan read: another task all the same.
        await other.DeleteAsync("recreated");
        await other.ScheduleAsync(Theirs, "every 30 minutes", new ScheduleOptions { Id = "recreated" });
        await other.UpdateAsync("same", new TaskUpdate { Task = Declared, Spec = "every 1 hour" });
        // A pause is no change of definition: the task read is still the one replaced (and stays paused).
        await other.PauseAsync("paused");
        var results = await apply.WriteAsync(plan, CancellationToken.None);

        Assert.Equal([("updated", DeclarationOutcome.Conflict), ("deleted", DeclarationOutcome.Conflict), ("recreated", DeclarationOutcome.Conflict),
            ("same", DeclarationOutcome.Unchanged), ("paused", DeclarationOutcome.Replaced)], results.Select(r => (r.Id, r.Outcome)));
        Assert.Equal("every 45 minutes", (await other.GetAsync("updated"))!.Spec);
        Assert.Null(await other.GetAsync("deleted"));
        Assert.Null(results[1].Status);
        Assert.Equal("theirs", ((NotificationTask)(await other.GetAsync("recreated"))!.Task).Message);
        var replaced = (await other.GetAsync("paused"))!;
        Assert.Equal(("every 1 hour", ScheduleStatus.Paused), (replaced.Spec, replaced.Status));
    }

    [Fact]
    public async Task Applied_whole_without_a_race_a_declared_paused_task_is_created_paused_in_its_one_write()
    {
        await using var redis = await RedisTestContext.CreateAsync("apply-race-paused");
        var apply = redis.CreateClient(verifyWorkers: false);
        var results = await apply.ApplyAsync([Declaration("held", "in 1 second", paused: true)]);
        Assert.Equal(DeclarationOutcome.Created, Assert.Single(results).Outcome);
        var held = (await apply.GetAsync("held"))!;
        Assert.Equal((ScheduleStatus.Paused, "declared paused"), (held.Status, held.Pause?.Note));
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "held"));
        // Created paused, then recorded as paused: no write of it in between left it running.
        var entries = (await apply.GetAuditAsync(new AuditFilter { TaskId = "held" })).Entries;
        Assert.Equal(["pause", "schedule"], entries.Select(e => e.Action));
        Assert.Equal("scheduled", (string?)entries[1].After!["status"]);
    }
}
