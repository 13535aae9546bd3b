using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Schedules;

public sealed class ScheduleSearchTests
{
    private static ScheduledTask Task(string id = "nightly-report", string name = "Nightly Report", TaskDefinition? task = null,
        string spec = "every day at 6am", string[]? tags = null, ScheduleStatus status = ScheduleStatus.Scheduled, RunOutcome? last = null) => new()
    {
        Id = id, Name = name, Task = task ?? new NotificationTask("hi"), Spec = spec, Schedule = ScheduleParser.Parse(spec),
        Status = status, CreatedAt = DateTimeOffset.UnixEpoch, LastOutcome = last,
        Options = new ScheduleOptions { Tags = tags ?? ["Reports", "daily"], ModuleId = "billing" },
    };

    [Fact]
    public void A_query_splits_on_white_space_lower_cased_without_duplicates_and_a_blank_one_has_no_terms()
    {
        Assert.Equal(["nightly", "report"], ScheduleSearch.Terms("  Nightly\tREPORT nightly "));
        Assert.Empty(ScheduleSearch.Terms("   "));
        Assert.Empty(ScheduleSearch.Terms(null));
        Assert.Single(ScheduleSearch.Terms(new string('x', 500)), t => t.Length == ScheduleSearch.MaxQueryLength);
    }

    [Theory]
    [InlineData("nightly")]           // name
    [InlineData("REPORT")]            // name, any case
    [InlineData("ly-rep")]            // id
    [InlineData("notification")]      // task type
    [InlineData("6am")]               // spec
    [InlineData("every day")]         // spec words, both required
    [InlineData("reports")]           // tag
    [InlineData("billing")]           // module
    [InlineData("scheduled")]         // status
    [InlineData("sched daily")]       // status and tag together
    public void A_term_matches_the_id_name_type_spec_tags_module_or_status(string query) =>
        Assert.True(ScheduleSearch.Matches(Task(), ScheduleSearch.Terms(query)));

    [Theory]
    [InlineData("shell")]
    [InlineData("nightly shell")]     // every term must match
    [InlineData("paused")]
    [InlineData("hi")]                // the task's own message is not searched
    public void A_term_found_nowhere_excludes_the_schedule(string query) =>
        Assert.False(ScheduleSearch.Matches(Task(), ScheduleSearch.Terms(query)));

    [Fact]
    public void Non_ascii_text_matches_regardless_of_case()
    {
        var task = Task(name: "Ärger über Größe", tags: ["Übung"]);
        Assert.True(ScheduleSearch.Matches(task, ScheduleSearch.Terms("ärger GRÖSSE".Replace("SS", "ß"))));
        Assert.True(ScheduleSearch.Matches(task, ScheduleSearch.Terms("übung")));
    }

    [Fact]
    public void The_stored_text_puts_each_tag_between_tabs_so_a_tag_filter_matches_whole_tags_only()
    {
        var document = ScheduleSearch.Document(Task(tags: ["ops", "Reports"]));
        Assert.Contains(ScheduleSearch.TagNeedle("REPORTS"), document);
        Assert.Contains(ScheduleSearch.TagNeedle("ops"), document);
        Assert.DoesNotContain(ScheduleSearch.TagNeedle("op"), document);
        Assert.Equal(document, ScheduleRecord.DefinitionFields(Task(tags: ["ops", "Reports"])).Single(f => f.Name == ScheduleRecord.Search).Value.ToString());
    }

    [Fact]
    public void The_filter_combines_query_outcome_and_the_other_conditions()
    {
        var failing = Task(last: RunOutcome.Failed);
        Assert.True(new ScheduleFilter { Query = "nightly", LastOutcome = RunOutcome.Failed, Tag = "reports" }.Matches(failing));
        Assert.False(new ScheduleFilter { Query = "nightly", LastOutcome = RunOutcome.Succeeded }.Matches(failing));
        Assert.False(new ScheduleFilter { Query = "nightly", Status = ScheduleStatus.Paused }.Matches(failing));
        Assert.False(new ScheduleFilter { Query = "weekly" }.Matches(failing));
        Assert.True(new ScheduleFilter().Matches(failing));
    }
}
