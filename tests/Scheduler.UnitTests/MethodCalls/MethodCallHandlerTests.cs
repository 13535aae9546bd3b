using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Worker.MethodCalls;
using Scheduler.Worker.Plugins;
using Scheduler.Worker.Handlers;

namespace Scheduler.UnitTests.MethodCalls;

/// <summary>The worker's side of a method call, on a DI container of its own (no Redis, no Hangfire).</summary>
public sealed class MethodCallHandlerTests
{
    private static readonly TaskExecutionContext Context = new("t1", "t1:1", 1, "worker:test");

    private static (MethodCallHandler Handler, IServiceProvider Services) Worker(bool register = true, MethodCallOptions? options = null)
    {
        var services = new ServiceCollection();
        if (register) services.AddSingleton<ReportJobs>();
        var provider = services.BuildServiceProvider();
        var resolver = new MethodCallResolver(
            new PluginAssemblies(Options.Create(new PluginOptions()), NullLogger<PluginAssemblies>.Instance),
            Options.Create(options ?? new MethodCallOptions { AllowedAssemblies = ["Scheduler.UnitTests"] }));
        return (new MethodCallHandler(resolver, provider.CreateScope().ServiceProvider), provider);
    }

    [Fact]
    public async Task The_service_comes_from_the_hosts_container_and_the_arguments_reach_the_method()
    {
        var (handler, services) = Worker();

        var result = await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.SendAsync(7, "weekly")), Context, CancellationToken.None);

        Assert.Null(result);
        Assert.Equal(["7:weekly"], services.GetRequiredService<ReportJobs>().Sent);
    }

    [Fact]
    public async Task The_return_value_of_a_sync_task_or_value_task_method_is_the_result_as_json()
    {
        var (handler, _) = Worker();
        var summary = new ReportSummary("Q3", 4, ["a"]);

        Assert.Equal("6", await handler.HandleAsync(MethodCallTask.Capture<ReportJobs, int>(s => s.CountAsync(3)), Context, default));
        Assert.Equal("\"long 5\"", await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Send(5L)), Context, default));
        Assert.Equal("""{"title":"Q3","pages":5,"tags":["a"]}""",
#pragma warning disable CS4014 // a ValueTask<T> method binds to the Action overload; the worker awaits it by its return type
            await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.SummarizeAsync(summary)), Context, default));
#pragma warning restore CS4014
        Assert.Equal("\"stamped x\"", await handler.HandleAsync(MethodCallTask.Capture(() => ReportJobs.Stamp("x")), Context, default));
        Assert.Null(await handler.HandleAsync(MethodCallTask.Capture(() => ReportJobs.Nothing()), Context, default));
        Assert.Equal("9", await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Echo(9)), Context, default));
    }

    [Theory]
    [InlineData("long", "long 5")]
    [InlineData("System.Int64", "long 5")]
    [InlineData("int", "int 5")]
    [InlineData("System.Int32", "int 5")]
    public async Task Parameter_types_written_by_hand_as_csharp_names_or_full_names_find_their_overload(string parameterType, string expected)
    {
        var (handler, _) = Worker();
        var task = new MethodCallTask(typeof(ReportJobs).AssemblyQualifiedName!, "Send", [parameterType], [System.Text.Json.JsonSerializer.SerializeToElement(5)]);

        Assert.Equal($"\"{expected}\"", await handler.HandleAsync(task, Context, default));
    }

    [Theory]
    [InlineData("IReadOnlyDictionary<string, int>", "List<string[]>")]
    [InlineData("System.Collections.Generic.IReadOnlyDictionary<System.String,int>", " List< string[] > ")]
    public async Task Generic_parameter_types_written_as_csharp_writes_them_find_their_method(string first, string second)
    {
        var (handler, _) = Worker();
        var task = new MethodCallTask(typeof(ReportJobs).AssemblyQualifiedName!, "Label", [first, second],
            [System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["a"] = 1 }), System.Text.Json.JsonSerializer.SerializeToElement(new[] { new[] { "x" } })]);

        Assert.Equal("\"a=1/1\"", await handler.HandleAsync(task, Context, default));
    }

    [Fact]
    public async Task A_generic_parameter_type_that_matches_no_method_is_named_whole_with_the_methods_there_in_the_same_form()
    {
        var (handler, _) = Worker();
        var task = new MethodCallTask(typeof(ReportJobs).AssemblyQualifiedName!, "Label", ["IReadOnlyDictionary<string, long>", "List<string[]>"],
            [System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, int>()), System.Text.Json.JsonSerializer.SerializeToElement(Array.Empty<string[]>())]);

        var error = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(task, Context, default));

        Assert.Contains("method Label(IReadOnlyDictionary<string, long>, List<string[]>) is not found", error.Message);
        Assert.Contains("public methods named Label there: Label(IReadOnlyDictionary<string, int>, List<string[]>)", error.Message);
        // The form listed is one the task takes back.
        var listed = new MethodCallTask(task.Service, "Label", ["IReadOnlyDictionary<string, int>", "List<string[]>"], task.Arguments);
        Assert.Equal("\"/0\"", await handler.HandleAsync(listed, Context, default));
    }

    [Fact]
    public async Task Hand_written_parameter_types_of_a_multi_parameter_method_and_a_type_of_the_services_assembly_match()
    {
        var (handler, services) = Worker();
        var send = new MethodCallTask(typeof(ReportJobs).AssemblyQualifiedName!, "SendAsync", ["int", "string"],
            [System.Text.Json.JsonSerializer.SerializeToElement(3), System.Text.Json.JsonSerializer.SerializeToElement("daily")]);
        var summarize = new MethodCallTask(typeof(ReportJobs).AssemblyQualifiedName!, "SummarizeAsync", [typeof(ReportSummary).FullName!],
            [System.Text.Json.JsonSerializer.SerializeToElement(new ReportSummary("Q1", 1, []))]);

        await handler.HandleAsync(send, Context, default);
        Assert.Contains("\"title\":\"Q1\"", await handler.HandleAsync(summarize, Context, default));
        Assert.Equal(["3:daily"], services.GetRequiredService<ReportJobs>().Sent);
        var wrong = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(
            send with { ParameterTypes = ["int", "bool"] }, Context, default));
        Assert.Contains("method SendAsync(int, bool) is not found", wrong.Message);
    }

    [Fact]
    public async Task A_cancellation_token_parameter_receives_the_runs_token()
    {
        var (handler, _) = Worker();
        using var run = new CancellationTokenSource();
        await run.CancelAsync();

        var result = await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.TokenState(1, CancellationToken.None)), Context, run.Token);

        Assert.Equal("true", result);
    }

    [Fact]
    public async Task An_exception_from_the_method_fails_the_attempt_and_stays_retryable()
    {
        var (handler, _) = Worker();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Fail("disk full")), Context, default));

        Assert.Equal("disk full", error.Message);
    }

    [Fact]
    public async Task A_type_the_worker_cannot_find_fails_for_good_naming_type_method_and_assembly()
    {
        var (handler, _) = Worker();
        var task = MethodCallTask.Capture<ReportJobs>(s => s.Send(1)) with { Service = "Billing.InvoiceJobs, Billing.Jobs" };

        var error = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(task, Context, default));

        Assert.Contains("type \"Billing.InvoiceJobs\" (assembly \"Billing.Jobs\") is not found on this worker", error.Message);
        Assert.Contains("Billing.InvoiceJobs.Send", error.Message);
    }

    [Fact]
    public async Task A_method_the_type_lacks_fails_for_good_listing_the_methods_of_that_name()
    {
        var (handler, _) = Worker();
        var gone = MethodCallTask.Capture<ReportJobs>(s => s.Send(1)) with { Method = "SendLater" };
        var otherOverload = MethodCallTask.Capture<ReportJobs>(s => s.Send(1)) with { ParameterTypes = ["System.Double, System.Private.CoreLib"] };

        var missing = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(gone, Context, default));
        var mismatch = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(otherOverload, Context, default));

        Assert.Contains("method SendLater(Int32) is not found on type \"Scheduler.UnitTests.MethodCalls.ReportJobs\" (assembly \"Scheduler.UnitTests\")", missing.Message);
        Assert.Contains("public methods named Send there: Send(int); Send(long); Send(string)", mismatch.Message);
    }

    [Fact]
    public async Task A_hand_written_task_naming_an_async_void_method_fails_for_good()
    {
        var (handler, _) = Worker();
        var task = MethodCallTask.Capture<ReportJobs>(s => s.Send(1)) with { Method = nameof(ReportJobs.Notify) };

        var error = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(task, Context, default));

        Assert.Contains("method Scheduler.UnitTests.MethodCalls.ReportJobs.Notify is async void", error.Message);
        Assert.Contains("make it return Task", error.Message);
    }

    [Fact]
    public async Task A_registered_service_of_an_assembly_not_allowed_is_refused()
    {
        var refused = await Assert.ThrowsAsync<NonRetryableTaskException>(() =>
            Worker(options: new MethodCallOptions()).Handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Send(3)), Context, default));

        Assert.Contains("type \"Scheduler.UnitTests.MethodCalls.ReportJobs\" (assembly \"Scheduler.UnitTests\") may not be called on this worker", refused.Message);
        Assert.Contains("Scheduler:MethodCalls:AllowedAssemblies", refused.Message);
    }

    [Fact]
    public async Task An_allowed_type_not_registered_is_created_for_the_call()
    {
        var (handler, services) = Worker(register: false);

        Assert.Equal("\"int 3\"", await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Send(3)), Context, default));
        Assert.Null(services.GetService<ReportJobs>());
    }

    [Fact]
    public void AllowMethodCallsOn_adds_the_services_assembly_to_the_allowed_ones()
    {
        var services = new ServiceCollection();
        new Scheduler.Worker.Hosting.SchedulerWorkerBuilder(services, new TaskHandlerRegistry()).AllowMethodCallsOn<ReportJobs>();

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<MethodCallOptions>>().Value;

        Assert.Equal(["Scheduler.UnitTests"], options.AllowedAssemblies);
    }

    [Fact]
    public async Task Framework_methods_cannot_be_called_through_a_hand_written_task()
    {
        var (handler, _) = Worker();
        var delete = MethodCallTask.Capture(() => File.Delete("/tmp/nothing-here"));

        var error = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(delete, Context, default));

        Assert.Contains("type \"System.IO.File\"", error.Message);
        Assert.Contains("may not be called", error.Message);
    }

    [Fact]
    public async Task A_method_an_allowed_type_inherits_from_a_framework_type_cannot_be_called()
    {
        var (handler, _) = Worker();
        var inherited = MethodCallTask.Capture<ApiClient>(s => s.CancelPendingRequests());

        var error = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(inherited, Context, default));

        Assert.Contains("is declared by type \"System.Net.Http.HttpClient\" (assembly \"System.Net.Http\"), which may not be called", error.Message);
        Assert.Equal("\"pong\"", await handler.HandleAsync(MethodCallTask.Capture<ApiClient>(s => s.Ping()), Context, default));
    }

    [Fact]
    public async Task A_type_argument_from_an_assembly_not_allowed_is_refused_while_primitives_and_strings_pass()
    {
        var (handler, _) = Worker();
        var method = MethodCallTask.Capture<ReportJobs>(s => s.Echo<Uri?>(null));
        var service = MethodCallTask.Capture<OpenJobs<Uri>>(s => s.Run());

        var methodError = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(method, Context, default));
        var serviceError = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(service, Context, default));

        Assert.Contains("type argument \"System.Uri\" (assembly \"System.Private.Uri\") of Scheduler.UnitTests.MethodCalls.ReportJobs.Echo may not be used", methodError.Message);
        Assert.Contains("type argument \"System.Uri\"", serviceError.Message);
        Assert.Equal("[1,2]", await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Echo<int?[]>(new int?[] { 1, 2 })), Context, default));
        Assert.Equal("\"x\"", await handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Echo("x")), Context, default));
    }

    [Fact]
    public async Task Switched_off_method_calls_fail_for_good_saying_so()
    {
        var (handler, _) = Worker(options: new MethodCallOptions { Enabled = false });

        var error = await Assert.ThrowsAsync<NonRetryableTaskException>(() =>
            handler.HandleAsync(MethodCallTask.Capture<ReportJobs>(s => s.Send(1)), Context, default));

        Assert.Contains("Scheduler:MethodCalls:Enabled is false", error.Message);
    }

    [Fact]
    public async Task An_open_generic_type_fails_for_good_naming_it_while_the_closed_one_runs()
    {
        var (handler, _) = Worker();
        var open = new MethodCallTask("Scheduler.UnitTests.MethodCalls.OpenJobs`1, Scheduler.UnitTests", "Run", [], []);

        var error = await Assert.ThrowsAsync<NonRetryableTaskException>(() => handler.HandleAsync(open, Context, default));

        Assert.Contains("type \"Scheduler.UnitTests.MethodCalls.OpenJobs`1\" (assembly \"Scheduler.UnitTests\") is an open generic type", error.Message);
        Assert.Contains("OpenJobs`1.Run", error.Message);
        Assert.Equal("\"Int32\"", await handler.HandleAsync(MethodCallTask.Capture<OpenJobs<int>>(s => s.Run()), Context, default));
    }
}
