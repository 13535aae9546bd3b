using Scheduler.Cli;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// `scheduler update --definition` changes a task's parameters in place (the Scheduler Module's update_event), as
/// PATCH's "task" does, keeping its id and counters; a bad file is exit 2 naming the option.
/// </summary>
public sealed class CliUpdateDefinitionTests
{
    [Fact]
    public async Task Update_takes_a_new_definition_and_keeps_the_task()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-update-definition");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("old text"), "every 1 hour");
        var file = Path.Combine(Path.GetTempPath(), $"definition-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"type": "notification", "message": "new text", "level": "warning"}""");
        try
        {
            var updated = await InProcessCli.RunAsync(redis, "update", task.Id, "--definition", file);
            Assert.True(updated.Code == 0, updated.Err);
            var stored = await client.GetAsync(task.Id);
            Assert.Equal(new NotificationTask("new text", NotificationLevel.Warning), stored!.Task);
            Assert.Equal(task.Spec, stored.Spec);
            Assert.Equal(task.NextRunAt, stored.NextRunAt);

            // Without "type", the fields to change in the stored definition; the others (the level) stay.
            await File.WriteAllTextAsync(file, """{"message": "no type"}""");
            var fields = await InProcessCli.RunAsync(redis, "update", task.Id, "--definition", file);
            Assert.True(fields.Code == 0, fields.Err);
            Assert.Equal(new NotificationTask("no type", NotificationLevel.Warning), (await client.GetAsync(task.Id))!.Task);

            await File.WriteAllTextAsync(file, """{"mesage": "misspelt"}""");
            var bad = await InProcessCli.RunAsync(redis, "update", task.Id, "--definition", file);
            Assert.Equal(ExitCodes.BadInput, bad.Code);
            Assert.Contains("--definition", bad.Err);
            Assert.Contains("mesage", bad.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
