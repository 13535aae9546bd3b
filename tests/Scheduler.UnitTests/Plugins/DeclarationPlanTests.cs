using System.Text.Json;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Plugins.Declarations;

namespace Scheduler.UnitTests.Plugins;

public sealed class DeclarationPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static DeclarationSet Declare(params PluginSchedule[] declared) => DeclarationCheck.Check("billing", ["cleanup", "report"], declared, "UTC", Now);

    // What the client stores for a declaration, read back through the same JSON as from Redis.
    private static ScheduledTask Stored(DeclaredTask declared, ScheduleStatus status = ScheduleStatus.Scheduled) => new()
    {
        Id = declared.TaskId,
        Name = declared.Options.Name!,
        Task = JsonSerializer.Deserialize<TaskDefinition>(JsonSerializer.Serialize<TaskDefinition>(declared.Task, TaskTypes.JsonOptions), TaskTypes.JsonOptions)!,
        Spec = declared.Spec,
        Schedule = ScheduleParser.Parse(declared.Spec, new ScheduleParseOptions { Now = Now }),
        Status = status,
        CreatedAt = Now,
        Options = JsonSerializer.Deserialize<ScheduleOptions>(JsonSerializer.Serialize(declared.Options, TaskTypes.JsonOptions), TaskTypes.JsonOptions)!,
    };

    private static IReadOnlyList<DeclarationStep> Plan(DeclarationSet set, params ScheduledTask[] stored) =>
        DeclarationPlan.Decide(set, stored.ToDictionary(t => t.Id), stored);

    private static PluginSchedule Nightly(string spec = "0 2 * * *") => new("nightly", spec, "cleanup", new Dictionary<string, string> { ["days"] = "7" });

    [Fact]
    public void A_new_declaration_is_registered()
    {
        var step = Assert.Single(Plan(Declare(Nightly())));
        Assert.Equal(DeclarationStepKind.Register, step.Kind);
        Assert.Null(step.Existing);
    }

    [Fact]
    public void The_same_declaration_read_back_from_storage_is_unchanged()
    {
        var set = Declare(Nightly());
        Assert.Equal(DeclarationStepKind.Unchanged, Assert.Single(Plan(set, Stored(set.Valid[0]))).Kind);
    }

    [Theory]
    [InlineData("0 3 * * *", null)]
    [InlineData("0 2 * * *", "14")]
    public void A_changed_spec_or_argument_is_registered_again(string spec, string? days)
    {
        var stored = Stored(Declare(Nightly()).Valid[0]);
        var changed = Nightly(spec) with { Arguments = new Dictionary<string, string> { ["days"] = days ?? "7" } };
        var step = Assert.Single(Plan(Declare(changed), stored));
        Assert.Equal(DeclarationStepKind.Register, step.Kind);
        Assert.False(step.ResumesOrphan);
    }

    [Fact]
    public void A_changed_option_is_registered_again()
    {
        var stored = Stored(Declare(Nightly()).Valid[0]);
        var step = Assert.Single(Plan(Declare(Nightly() with { Options = new ScheduleOptions { MaxRuns = 5 } }), stored));
        Assert.Equal(DeclarationStepKind.Register, step.Kind);
    }

    [Theory]
    [InlineData(ScheduleStatus.Cancelled)]
    [InlineData(ScheduleStatus.Completed)]
    public void An_ended_schedule_with_the_same_declaration_is_left_ended(ScheduleStatus status)
    {
        var set = Declare(Nightly());
        Assert.Equal(DeclarationStepKind.KeepEnded, Assert.Single(Plan(set, Stored(set.Valid[0], status))).Kind);
        Assert.Equal(DeclarationStepKind.Register, Assert.Single(Plan(Declare(Nightly("0 4 * * *")), Stored(set.Valid[0], status))).Kind);
    }

    [Fact]
    public void An_id_held_by_a_task_the_plugin_did_not_declare_is_refused()
    {
        var set = Declare(Nightly());
        var byHand = Stored(set.Valid[0]) with { Options = new ScheduleOptions { Id = "plugin.billing.nightly" } };
        Assert.Equal(DeclarationStepKind.Foreign, Assert.Single(Plan(set, byHand)).Kind);
    }

    [Fact]
    public void A_live_schedule_no_longer_declared_is_orphaned_once_then_only_reported()
    {
        var old = Stored(Declare(new PluginSchedule("weekly", "weekly", "report")).Valid[0]);
        var set = Declare(Nightly());

        var step = Plan(set, old).Single(s => s.TaskId == old.Id);
        Assert.Equal(DeclarationStepKind.Orphan, step.Kind);

        var marked = old with { Status = ScheduleStatus.Paused, Options = old.Options with { Tags = [.. old.Options.Tags!, DeclaredSchedules.OrphanedTag] } };
        Assert.Equal(DeclarationStepKind.StillOrphaned, Plan(set, marked).Single(s => s.TaskId == old.Id).Kind);
        Assert.DoesNotContain(Plan(set, old with { Status = ScheduleStatus.Cancelled }), s => s.TaskId == old.Id);
    }

    [Fact]
    public void Tasks_of_another_plugin_or_made_by_hand_are_never_orphaned()
    {
        var other = Stored(DeclarationCheck.Check("mail", ["send"], [new PluginSchedule("digest", "daily", "send")], "UTC", Now).Valid[0]);
        var byHand = other with { Id = "nightly-by-hand", Options = new ScheduleOptions { Tags = ["plugin:billing"] } };
        Assert.Single(Plan(Declare(Nightly()), other, byHand));
    }

    [Fact]
    public void A_declaration_that_comes_back_resumes_the_schedule_the_worker_paused()
    {
        var set = Declare(Nightly());
        var stored = Stored(set.Valid[0]);
        var orphaned = stored with { Status = ScheduleStatus.Paused, Options = stored.Options with { Tags = [.. stored.Options.Tags!, DeclaredSchedules.OrphanedTag] } };

        Assert.True(Assert.Single(Plan(set, orphaned)).ResumesOrphan);
        // Paused by someone, not by the worker: it stays paused.
        Assert.Equal(DeclarationStepKind.Unchanged, Assert.Single(Plan(set, stored with { Status = ScheduleStatus.Paused })).Kind);
    }
}
