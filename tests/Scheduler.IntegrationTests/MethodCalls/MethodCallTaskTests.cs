using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.MethodCalls;

/// <summary>Method calls through the client and an in-process Beat and worker on real Redis.</summary>
public sealed class MethodCallTaskTests : IDisposable
{
    private const string Text = "System.String, System.Private.CoreLib";
    private readonly TestPaths.TempDirectory _plugins = TestPaths.CreateTempDirectory("methodcall-plugins");

    public MethodCallTaskTests() => File.Copy(TestPaths.SamplePluginDll, _plugins.File("Scheduler.SamplePlugin.dll"));

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public async Task A_method_of_a_type_in_the_plugins_folder_runs_with_the_runs_token_and_returns_its_value()
    {
        await using var redis = await RedisTestContext.CreateAsync("methodcall-plugin");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Plugins:Folder"] = _plugins.Path });
        // Written by hand, as a REST caller would: this process does not reference the plugin's assembly.
        var echo = new MethodCallTask("Scheduler.SamplePlugin.SamplePlugin, Scheduler.SamplePlugin", "RunAsync",
            [Text, "System.Collections.Generic.IReadOnlyDictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib",
             "System.Threading.CancellationToken, System.Private.CoreLib"],
            [Json("\"echo\""), Json("""{"k":"v"}"""), Json("null")]) { Execution = TaskRuns.Fast() };

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), echo));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal("\"{\\\"k\\\":\\\"v\\\"}\"", run.Result);
    }

    [Fact]
    public async Task A_bad_file_in_the_plugins_folder_is_skipped_with_a_warning_and_the_good_assembly_beside_it_still_runs()
    {
        // Junk bytes named .dll, and a copy of a real assembly whose .deps.json is broken (its loader throws on reading it).
        await File.WriteAllTextAsync(_plugins.File("Junk.dll"), "not an assembly");
        File.Copy(TestPaths.SamplePluginDll, _plugins.File("Broken.dll"));
        await File.WriteAllTextAsync(_plugins.File("Broken.deps.json"), "{ this is not json");
        await using var redis = await RedisTestContext.CreateAsync("methodcall-badfile");
        var logs = new CapturedLogs();
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Plugins:Folder"] = _plugins.Path },
            configureWorker: w => logs.AddTo(w.Services));
        var echo = new MethodCallTask("Scheduler.SamplePlugin.SamplePlugin, Scheduler.SamplePlugin", "RunAsync",
            [Text, "System.Collections.Generic.IReadOnlyDictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib",
             "System.Threading.CancellationToken, System.Private.CoreLib"],
            [Json("\"echo\""), Json("""{"k":"v"}"""), Json("null")]) { Execution = TaskRuns.Fast() };

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), echo);
        var again = await TaskRuns.RunAsync(redis.CreateClient(), echo);

        Assert.Equal(RunOutcome.Succeeded, Assert.Single(runs).Outcome);
        Assert.Equal(RunOutcome.Succeeded, Assert.Single(again).Outcome);
        var warnings = logs.Messages("MethodCalls.PluginAssemblies", Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Single(warnings, m => m.Contains("Junk.dll"));
        Assert.Single(warnings, m => m.Contains("Broken.dll"));
    }

    [Fact]
    public async Task A_type_no_worker_has_fails_on_the_first_attempt_without_retries_naming_type_method_and_assembly()
    {
        await using var redis = await RedisTestContext.CreateAsync("methodcall-missing");
        await using var system = await InProcessSystem.StartAsync(redis);
        var missing = new MethodCallTask("Billing.InvoiceJobs, Billing.Jobs", "SendInvoices", [Text], [Json("\"march\"")]) { Execution = TaskRuns.Fast(retries: 3) };

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), missing));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Contains("type \"Billing.InvoiceJobs\" (assembly \"Billing.Jobs\") is not found on this worker", run.Error);
        Assert.Contains("Billing.InvoiceJobs.SendInvoices", run.Error);
    }

    [Fact]
    public async Task A_lambda_that_cannot_be_scheduled_is_refused_before_anything_is_written()
    {
        await using var redis = await RedisTestContext.CreateAsync("methodcall-refused");
        var client = redis.CreateClient();

        var error = await Assert.ThrowsAsync<InvalidTaskException>(() =>
            client.ScheduleAsync<Greeter>(g => g.Inner.GreetAsync(g.Name), "every 2 seconds", new ScheduleOptions { Id = "greet" }));

        Assert.Contains("not on the service parameter 'g'", error.Message);
        Assert.Null(await client.GetAsync("greet"));
        Assert.Empty(await client.ListAsync());
    }

    [Fact]
    public async Task A_scheduled_call_keeps_every_option_and_the_id_given()
    {
        await using var redis = await RedisTestContext.CreateAsync("methodcall-options");
        var client = redis.CreateClient();
        var options = new ScheduleOptions { Id = "greet-daily", MaxRuns = 3, Queue = "greeters", Tags = ["a"], TimeZone = "Europe/Berlin" };

        var task = await client.ScheduleAsync<Greeter, string>(g => g.GreetAsync("Ada"), "every day at 9am", options);
        var stored = await client.GetAsync("greet-daily");

        Assert.Equal("greet-daily", task.Id);
        Assert.Equal(("greeters", 3, "Europe/Berlin"), (stored!.Options.Queue, stored.Options.MaxRuns, stored.Options.TimeZone));
        Assert.Equal("Greeter.GreetAsync(\"Ada\"): every day at 9am", stored.Name);
        Assert.Equal("""["Ada"]""", JsonSerializer.Serialize(Assert.IsType<MethodCallTask>(stored.Task).Arguments));
    }

    [Fact]
    public async Task Cli_info_shows_the_call_as_type_method_and_arguments()
    {
        await using var redis = await RedisTestContext.CreateAsync("methodcall-cli");
        var task = await redis.CreateClient().ScheduleAsync<Greeter, string>(g => g.GreetAsync("Ada"), "in 1 hour");

        var (code, output, _) = await InProcessCli.RunAsync(redis, "info", task.Id);

        Assert.Equal(0, code);
        Assert.Contains("type:        method_call", output.ToString());
        Assert.Contains("call:        Greeter.GreetAsync(\"Ada\")", output.ToString());
    }

    [Fact]
    public async Task The_rest_api_takes_a_method_call_task_and_the_dashboard_shows_its_call()
    {
        await using var redis = await RedisTestContext.CreateAsync("methodcall-dashboard");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var body = """
            {"task": {"type": "method_call", "service": "MyApp.Reports, MyApp", "method": "Send",
                      "parameterTypes": ["System.String, System.Private.CoreLib"], "arguments": ["<b>weekly</b>"]},
             "spec": "in 1 hour"}
            """;

        var created = await dashboard.Http.PostAsync("/api/tasks/report/schedule", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var detail = await dashboard.Http.GetStringAsync("/scheduler/schedules/report");

        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("data-testid=\"detail-call\">Reports.Send(&quot;&lt;b&gt;weekly&lt;/b&gt;&quot;)</dd>", detail);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}

public sealed class Greeter
{
    public Greeter Inner => this;

    public string Name => "Ada";

    public Task<string> GreetAsync(string name) => Task.FromResult($"hello {name}");
}
