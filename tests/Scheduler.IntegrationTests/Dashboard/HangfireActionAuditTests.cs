using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hangfire;
using Hangfire.States;
using Scheduler.Contracts.Audit;
using Scheduler.Dashboard.Audit;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>Actions taken on Hangfire's own dashboard pages land in the audit log under who took them.</summary>
public sealed class HangfireActionAuditTests
{
    private static readonly Dictionary<string, string?> Operator = new()
    {
        ["Scheduler:Dashboard:Access:Username"] = "ops",
        ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
    };

    /// <summary>A request from another machine with the operator's basic-auth credentials.</summary>
    private static HttpRequestMessage AsOps(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret!")));
        return request;
    }

    private static Task<HttpResponseMessage> PostActionAsync(InProcessDashboard dashboard, string path, params string[] jobIds) =>
        RemoteCaller.PostOnHangfirePageAsync(dashboard, path, jobIds);

    [Fact]
    public async Task Deleting_and_requeuing_jobs_on_Hangfires_pages_is_audited_with_the_user_and_the_job_ids()
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-audit");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, Operator);
        var storage = new HangfireJobs(redis).Storage;
        var first = HangfireJobs.CreateOccurrenceJob(storage);
        var second = HangfireJobs.CreateOccurrenceJob(storage);
        var client = redis.CreateClient();
        async Task<AuditEntry> EntryAsync(string action) => Assert.Single((await client.GetAuditAsync()).Entries, e => e.Action == action);

        var deleted = await PostActionAsync(dashboard, "/hangfire/jobs/enqueued/delete", first, second);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var delete = await EntryAsync("job.delete");
        Assert.Equal("ops", delete.Actor);
        // Both are occurrences of task t1: the entry is the task's, with the runs.
        Assert.Equal("t1", delete.TaskId);
        Assert.Equal([first, second], delete.After!["jobIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Equal(["t1:5", "t1:5"], delete.After!["runIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Contains("/hangfire/jobs/enqueued/delete", delete.Note);

        // The job page's own button, on the dashboard mounted at the root.
        var requeued = await PostActionAsync(dashboard, $"/jobs/actions/requeue/{first}");
        Assert.Equal(HttpStatusCode.NoContent, requeued.StatusCode);
        var requeue = await EntryAsync("job.requeue");
        Assert.Equal("ops", requeue.Actor);
        Assert.Equal([first], requeue.After!["jobIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Equal("t1", requeue.TaskId);

        var triggered = await PostActionAsync(dashboard, "/hangfire/recurring/trigger", "nightly-report");
        Assert.True(triggered.IsSuccessStatusCode, $"trigger: {triggered.StatusCode}");
        var trigger = await EntryAsync("recurring.trigger");
        Assert.Equal(["nightly-report"], trigger.After!["jobIds"]!.AsArray().Select(id => id!.GetValue<string>()));
    }

    [Fact]
    public async Task A_job_action_spelt_in_another_case_or_with_a_trailing_slash_is_audited_with_its_job_and_task()
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-audit-spelling");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, Operator);
        var job = HangfireJobs.CreateOccurrenceJob(new HangfireJobs(redis).Storage);
        // Hangfire's router takes these spellings for its own routes and acts, so the entry must say on what.
        Assert.Equal(HttpStatusCode.NoContent, (await PostActionAsync(dashboard, $"/hangfire/JOBS/Actions/Requeue/{job}/")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostActionAsync(dashboard, "/hangfire/Jobs/Enqueued/DELETE/", job)).StatusCode);

        var entries = (await redis.CreateClient().GetAuditAsync()).Entries;
        var requeue = Assert.Single(entries, e => e.Action == "job.requeue");
        Assert.Equal([job], requeue.After!["jobIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Equal("t1", requeue.TaskId);
        Assert.Equal("t1", Assert.Single(entries, e => e.Action == "job.delete").TaskId);
        Assert.DoesNotContain(entries, e => e.Action == AuditActions.HangfireAction);
    }

    [Fact]
    public async Task A_batch_action_is_recorded_once_per_task_it_touched_with_its_runs_and_other_jobs_by_id_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-audit-tasks");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, Operator);
        var storage = new HangfireJobs(redis).Storage;
        var a1 = HangfireJobs.CreateOccurrenceJob(storage, "task-a", "task-a:1000");
        var b = HangfireJobs.CreateOccurrenceJob(storage, "task-b", "task-b:2000");
        var a2 = HangfireJobs.CreateOccurrenceJob(storage, "task-a", "task-a:3000");
        var plain = new BackgroundJobClient(storage).Create(Hangfire.Common.Job.FromExpression(() => Console.WriteLine("not a task")), new EnqueuedState());
        var client = redis.CreateClient();

        var deleted = await PostActionAsync(dashboard, "/hangfire/jobs/enqueued/delete", a1, b, a2, plain);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        static string[] Values(AuditEntry entry, string name) => [.. entry.After![name]!.AsArray().Select(v => v!.GetValue<string>())];
        var ofA = Assert.Single((await client.GetAuditAsync(new AuditFilter { TaskId = "task-a" })).Entries);
        Assert.Equal("job.delete", ofA.Action);
        Assert.Equal("ops", ofA.Actor);
        Assert.Equal([a1, a2], Values(ofA, "jobIds"));
        Assert.Equal(["task-a:1000", "task-a:3000"], Values(ofA, "runIds"));
        var ofB = Assert.Single((await client.GetAuditAsync(new AuditFilter { TaskId = "task-b" })).Entries);
        Assert.Equal(["task-b:2000"], Values(ofB, "runIds"));
        var entries = (await client.GetAuditAsync()).Entries;
        Assert.Equal(3, entries.Count);
        var other = Assert.Single(entries, e => e.TaskId is null);
        Assert.Equal([plain], Values(other, "jobIds"));
        Assert.Null(other.After!["runIds"]);
    }

    [Fact]
    public async Task The_tasks_behind_a_batch_of_jobs_are_read_in_a_few_round_trips_not_one_per_job()
    {
        // Redis of its own: its count of socket reads is then this test's alone.
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("hangfire-audit-batch", server.ConnectionString);
        var storage = new HangfireJobs(redis).Storage;
        var plain = new BackgroundJobClient(storage).Create(Hangfire.Common.Job.FromExpression(() => Console.WriteLine("not a task")), new EnqueuedState());
        var ids = new List<string> { plain };
        for (var i = 0; i < 200; i++)
        {
            var task = i % 2 == 0 ? "task-a" : "task-b";
            ids.Add(HangfireJobs.CreateOccurrenceJob(storage, task, $"{task}:{i}"));
        }
        ids.Add("no-such-job");
        var info = redis.Redis.GetServers().First();
        async Task<long> ReadsAsync() => long.Parse((await info.InfoAsync("stats")).SelectMany(g => g).Single(p => p.Key == "total_reads_processed").Value);

        var before = await ReadsAsync();
        var groups = await JobTasks.OfAsync(redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix), ids);
        // The INFO that reads the count is one read itself; one read per job would be over 200.
        var reads = await ReadsAsync() - before;

        Assert.True(reads <= 10, $"{reads} reads by Redis for {ids.Count} jobs");
        Assert.Equal([null, "task-a", "task-b"], groups.Select(g => g.TaskId));
        Assert.Equal([plain, "no-such-job"], groups[0].JobIds);
        Assert.Empty(groups[0].RunIds);
        Assert.Equal(ids.Where((_, i) => i % 2 == 1 && i <= 200), groups[1].JobIds);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"task-a:{2 * i}"), groups[1].RunIds);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"task-b:{2 * i + 1}"), groups[2].RunIds);
    }

    [Fact]
    public async Task An_action_Hangfire_refuses_and_its_page_reads_are_not_audited()
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-audit-refused");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, Operator);
        // No such job: Hangfire answers 422 and changes nothing.
        Assert.Equal((HttpStatusCode)422, (await PostActionAsync(dashboard, "/hangfire/jobs/actions/delete/no-such-job")).StatusCode);
        Assert.True((await PostActionAsync(dashboard, "/hangfire/stats")).IsSuccessStatusCode);
        Assert.Empty((await redis.CreateClient().GetAuditAsync()).Entries);
    }
}
