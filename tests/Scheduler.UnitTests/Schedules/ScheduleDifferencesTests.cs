using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Schedules;

/// <summary>How a conflict names what differs between the stored definition and the requested one.</summary>
public sealed class ScheduleDifferencesTests
{
    private static readonly string[] Fields = ["task", "spec", "timeZone", "options"];

    private static Dictionary<string, string?> Definition(string spec = "every 10 minutes", string task = """{"type":"shell","command":"backup.sh"}""",
        string zone = "UTC", string options = """{"id":"t1","maxRuns":3,"misfire":"runOnce"}""") =>
        new() { ["task"] = task, ["spec"] = spec, ["timeZone"] = zone, ["options"] = options };

    [Fact]
    public void Equal_definitions_have_no_differences()
    {
        Assert.Empty(ScheduleDifferences.Between(Definition(), Definition(), Fields));
    }

    [Fact]
    public void A_different_spec_is_named_with_both_values_quoted()
    {
        var difference = Assert.Single(ScheduleDifferences.Between(Definition(), Definition(spec: "every 1 hour"), Fields));
        Assert.Equal(new ScheduleDifference("spec", "\"every 10 minutes\"", "\"every 1 hour\""), difference);
        Assert.Equal("spec: \"every 10 minutes\" → \"every 1 hour\"", difference.ToString());
    }

    [Fact]
    public void Task_fields_are_named_one_by_one_with_their_path()
    {
        var differences = ScheduleDifferences.Between(
            Definition(task: """{"type":"shell","command":"backup.sh","env":{"HOME":"/root","MODE":"full"}}"""),
            Definition(task: """{"type":"shell","command":"backup.sh --fast","env":{"HOME":"/root","MODE":"quick"},"timeout":"00:01:00"}"""),
            Fields);
        Assert.Equal(["task.command", "task.env.MODE", "task.timeout"], differences.Select(d => d.Field));
        Assert.Equal("\"full\"", differences[1].Current);
        Assert.Null(differences[2].Current);
        Assert.Equal("task.timeout: (none) → \"00:01:00\"", differences[2].ToString());
    }

    [Fact]
    public void A_different_task_type_is_named_alone()
    {
        var difference = Assert.Single(ScheduleDifferences.Between(Definition(),
            Definition(task: """{"type":"notification","message":"hi"}"""), Fields));
        Assert.Equal(new ScheduleDifference("task.type", "\"shell\"", "\"notification\""), difference);
    }

    [Fact]
    public void Options_are_compared_member_by_member_and_the_id_never_counts()
    {
        var differences = ScheduleDifferences.Between(Definition(),
            Definition(options: """{"id":"t1","maxRuns":5,"misfire":"runOnce","tags":["a","b"]}"""), Fields);
        Assert.Equal(["options.maxRuns: 3 → 5", "options.tags: (none) → [\"a\",\"b\"]"], differences.Select(d => d.ToString()));
    }

    [Fact]
    public void Time_zone_and_several_fields_are_reported_in_definition_order()
    {
        var differences = ScheduleDifferences.Between(Definition(),
            Definition(spec: "every day at 9am", zone: "Europe/Berlin", options: """{"id":"t1","maxRuns":4,"misfire":"runOnce"}"""), Fields);
        Assert.Equal(["spec", "timeZone", "options.maxRuns"], differences.Select(d => d.Field));
    }

    [Fact]
    public void Texts_that_differ_but_hold_equal_json_are_still_reported_as_a_whole()
    {
        var difference = Assert.Single(ScheduleDifferences.Between(Definition(),
            Definition(options: """{"maxRuns":3,"id":"t1","misfire":"runOnce"}"""), Fields));
        Assert.Equal("options", difference.Field);
    }

    [Fact]
    public void Long_values_are_cut_so_a_message_stays_readable()
    {
        var script = new string('x', 500);
        var difference = Assert.Single(ScheduleDifferences.Between(Definition(),
            Definition(task: $$"""{"type":"shell","command":"{{script}}"}"""), Fields));
        Assert.Equal(200, difference.Requested!.Length);
        Assert.EndsWith("…", difference.Requested);
    }

    [Fact]
    public void Non_ascii_and_quotes_stay_readable()
    {
        var difference = Assert.Single(ScheduleDifferences.Between(Definition(), Definition(spec: "jeden Tag um 9 \"Uhr\" – später"), Fields));
        Assert.Equal("\"jeden Tag um 9 \\\"Uhr\\\" – später\"", difference.Requested);
    }

    [Fact]
    public void The_definition_fields_are_the_stored_task_spec_zone_and_options()
    {
        Assert.Equal(["task", "spec", "timeZone", "options"], CreateReply.DefinitionFields);
        var names = ScheduleRecord.DefinitionFields(new ScheduledTask
        {
            Id = "t1", Name = "n", Task = new NotificationTask("hi"), Spec = "in 1 hour",
            Schedule = Scheduler.Contracts.Scheduling.ScheduleParser.Parse("every 1 hour"), Status = ScheduleStatus.Scheduled,
            CreatedAt = DateTimeOffset.UnixEpoch, Options = new ScheduleOptions(),
        }).Select(f => f.Name.ToString());
        Assert.Subset(names.ToHashSet(), CreateReply.DefinitionFields.ToHashSet());
    }
}
