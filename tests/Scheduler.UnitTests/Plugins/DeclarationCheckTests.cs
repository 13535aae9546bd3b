using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;
using Scheduler.Worker.Plugins.Declarations;

namespace Scheduler.UnitTests.Plugins;

public sealed class DeclarationCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Commands = ["cleanup", "report"];

    private static DeclarationSet Check(params PluginSchedule?[] declared) => DeclarationCheck.Check("billing", Commands, declared, "UTC", Now);

    private static string Problem(PluginSchedule declaration) => Assert.Single(Check(declaration).Invalid).Problem;

    [Fact]
    public void A_valid_declaration_becomes_a_namespaced_tagged_task_of_the_plugins_module()
    {
        var set = Check(new PluginSchedule("nightly", " 0 2 * * * ", "cleanup", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
            new ScheduleOptions { MaxRuns = 3, TimeZone = "Europe/Berlin", Tags = ["ops"], Overlap = OverlapPolicy.Queue }));

        Assert.Empty(set.Invalid);
        var task = Assert.Single(set.Valid);
        Assert.Equal("plugin.billing.nightly", task.TaskId);
        Assert.Equal("0 2 * * *", task.Spec);
        Assert.Equal(("billing", "cleanup"), (task.Task.PluginName, task.Task.CommandName));
        Assert.Equal(["a", "b"], task.Task.Arguments!.Keys);
        Assert.Equal("plugin.billing.nightly", task.Options.Id);
        Assert.Equal("billing", task.Options.ModuleId);
        Assert.Equal(["ops", "plugin:billing"], task.Options.Tags);
        Assert.Equal("billing: nightly", task.Options.Name);
        Assert.Equal((3, "Europe/Berlin", OverlapPolicy.Queue), (task.Options.MaxRuns, task.Options.TimeZone, task.Options.Overlap));
        Assert.True(task.Options.Replace);
        Assert.False(task.Options.Verify);
        Assert.Equal(new HashSet<string> { "plugin.billing.nightly" }, set.DeclaredTaskIds);
    }

    [Fact]
    public void A_command_given_in_another_case_takes_the_plugins_spelling()
    {
        Assert.Equal("cleanup", Assert.Single(Check(new PluginSchedule("n", "daily", "CleanUp")).Valid).Task.CommandName);
    }

    [Fact]
    public void An_unknown_command_is_refused_listing_the_plugins_commands()
    {
        Assert.Equal("command \"purge\" is not one of the plugin's commands (cleanup, report)", Problem(new PluginSchedule("n", "daily", "purge")));
    }

    [Fact]
    public void A_bad_spec_is_refused_quoting_it_with_the_parsers_reason()
    {
        Assert.StartsWith("spec \"0 2 * *\" is not accepted: ", Problem(new PluginSchedule("n", "0 2 * *", "cleanup")));
        Assert.StartsWith("spec is empty", Problem(new PluginSchedule("n", " ", "cleanup")));
    }

    [Fact]
    public void Options_the_worker_sets_itself_are_refused_by_name()
    {
        var problem = Problem(new PluginSchedule("n", "daily", "cleanup", Options: new ScheduleOptions { Id = "mine", ModuleId = "m", IdempotencyKey = "k", Replace = true }));
        Assert.Contains("options.id is set", problem);
        Assert.Contains("options.moduleId is set", problem);
        Assert.Contains("options.idempotencyKey is set", problem);
        Assert.Contains("options.replace is set", problem);
        Assert.Contains("reserved", Problem(new PluginSchedule("n", "daily", "cleanup", Options: new ScheduleOptions { Tags = [DeclaredSchedules.OrphanedTag] })));
        Assert.Contains("reserved", Problem(new PluginSchedule("n", "daily", "cleanup", Options: new ScheduleOptions { Tags = ["plugin:other"] })));
    }

    [Fact]
    public void Bad_options_and_ids_are_refused_with_the_clients_wording()
    {
        Assert.Equal("maxRuns is 0; expected a positive number", Problem(new PluginSchedule("n", "daily", "cleanup", Options: new ScheduleOptions { MaxRuns = 0 })));
        Assert.Contains("Mars/Olympus", Problem(new PluginSchedule("n", "daily", "cleanup", Options: new ScheduleOptions { TimeZone = "Mars/Olympus" })));
        Assert.StartsWith("id is \"no spaces\"; expected", Problem(new PluginSchedule("no spaces", "daily", "cleanup")));
        var longNames = DeclarationCheck.Check(new string('p', 60), Commands, [new PluginSchedule(new string('x', 64), "daily", "cleanup")], "UTC", Now);
        Assert.Contains("longer than 128 characters", Assert.Single(longNames.Invalid).Problem);
    }

    [Fact]
    public void Each_declaration_stands_alone_and_duplicates_are_all_refused()
    {
        var set = Check(
            new PluginSchedule("ok", "every 5 minutes", "report"),
            null,
            new PluginSchedule("twice", "daily", "cleanup"),
            new PluginSchedule("twice", "hourly", "cleanup"),
            new PluginSchedule("bad", "whenever", "cleanup"));

        Assert.Equal(["ok"], set.Valid.Select(v => v.ScheduleId));
        Assert.Equal(["#2", "twice", "twice", "bad"], set.Invalid.Select(p => p.ScheduleId));
        Assert.Contains("declared 2 times", set.Invalid[2].Problem);
        // Invalid ones still count as declared: their stored schedules are not taken for removed.
        Assert.Equal(new HashSet<string> { "plugin.billing.ok", "plugin.billing.twice", "plugin.billing.bad" }, set.DeclaredTaskIds);
    }

    [Theory]
    [InlineData("every 1m", 60, "jitter is 1m, not shorter than the 1m")]
    [InlineData("*/5 * * * *", 300, "jitter is 5m, not shorter than the 5m")]
    [InlineData("every day at 9:00 and 9:05", 600, "jitter is 10m, not shorter than the 5m")]
    public void A_jitter_not_shorter_than_the_shortest_gap_between_occurrences_is_refused(string spec, int seconds, string expected)
    {
        var problem = Problem(new PluginSchedule("nightly", spec, "cleanup", Options: new ScheduleOptions { Jitter = TimeSpan.FromSeconds(seconds) }));
        Assert.StartsWith(expected, problem);
    }

    [Theory]
    [InlineData("every 1m", 59)]
    [InlineData("*/5 * * * *", 299)]
    [InlineData("every day at 9:00 and 9:05", 299)]
    [InlineData("in 5 minutes", 3600)]
    public void A_jitter_shorter_than_every_gap_is_accepted(string spec, int seconds)
    {
        var set = Check(new PluginSchedule("nightly", spec, "cleanup", Options: new ScheduleOptions { Jitter = TimeSpan.FromSeconds(seconds) }));
        Assert.Empty(set.Invalid);
    }
}
