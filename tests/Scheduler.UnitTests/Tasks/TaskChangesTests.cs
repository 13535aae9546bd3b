using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Tasks;

/// <summary>A definition given without "type" to an update changes only the fields it names of the stored one.</summary>
public sealed class TaskChangesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Fields_given_replace_the_stored_ones_and_the_rest_stay()
    {
        var stored = new ShellTask("backup", ["--full"], Environment: new Dictionary<string, string> { ["MODE"] = "a", ["KEEP"] = "1" })
            { Execution = new ExecutionPolicy(MaxRetries: 4) };

        var merged = TaskChanges.Apply(stored, Json("""{"Args": ["--quick"], "environment": {"MODE": "b"}}"""));
        var task = Assert.IsType<ShellTask>(merged.Deserialize<TaskDefinition>(TaskTypes.JsonOptions));

        Assert.Equal("backup", task.Command);
        Assert.Equal(["--quick"], task.Args!);
        Assert.Equal(new Dictionary<string, string> { ["MODE"] = "b" }, task.Environment);
        Assert.Equal(4, task.Execution!.MaxRetries);
    }

    [Fact]
    public void Only_an_object_without_a_type_is_fields_to_change_and_a_field_given_twice_is_refused()
    {
        Assert.True(TaskChanges.AreFieldsOnly(Json("""{"message": "changed"}""")));
        Assert.False(TaskChanges.AreFieldsOnly(Json("""{"type": "notification", "message": "changed"}""")));
        Assert.False(TaskChanges.AreFieldsOnly(Json("[1]")));
        var twice = Assert.Throws<InvalidTaskException>(() => TaskChanges.Apply(new NotificationTask("hi"), Json("""{"message": "a", "Message": "b"}""")));
        Assert.Equal("task field \"Message\" is given twice; expected each field once", Assert.Single(twice.Errors));
    }
}
