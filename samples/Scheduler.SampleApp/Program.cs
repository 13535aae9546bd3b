using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

var redis = Environment.GetEnvironmentVariable("SCHEDULER_REDIS") ?? "localhost:6379";
await using var client = await SchedulerClient.ConnectAsync(redis);

// Returns once the schedule is stored in Redis; a bad spec throws ScheduleSpecException at once.
var once = await client.ScheduleAsync(new NotificationTask("Backup finished"), "in 30 seconds");
var standUp = await client.ScheduleAsync(
    new NotificationTask("Stand-up in 5 minutes", Title: "Reminder"),
    "every weekday at 9:25am",
    new ScheduleOptions { TimeZone = "Europe/Berlin", Name = "stand-up reminder" });

Console.WriteLine($"{once.Id}: next run {once.NextRunAt:O}");
Console.WriteLine($"{standUp.Id}: {standUp.Schedule.Description}");
foreach (var run in await client.GetRunsAsync(once.Id))
    Console.WriteLine($"{run.RunId} attempt {run.Attempt}: {run.Outcome}");
