using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Capabilities;

public sealed class CapabilityCheckTests
{
    private static WorkerCapabilities Worker(string id, string[]? types = null, Dictionary<string, IReadOnlyList<string>>? plugins = null,
        string[]? mcp = null, string[]? channels = null, bool shell = true, string[]? allowed = null) =>
        new(id, types ?? ["notification", "shell", "plugin", "mcp_tool", "sequence", "method_call"], plugins ?? [], mcp ?? [], channels ?? ["events", "log"], shell, allowed ?? []);

    private static IReadOnlyList<string> Problems(TaskDefinition task, IReadOnlyList<WorkerCapabilities> live) => CapabilityCheck.Problems(task, "default", live);

    [Fact]
    public void A_queue_no_live_worker_serves_is_refused_naming_the_served_queues_and_only_workers_serving_it_count()
    {
        var live = new[] { Worker("a", types: ["shell"]) with { Queues = ["default", "reports"] }, Worker("b") with { Queues = ["critical"] } };
        var problem = Assert.Single(CapabilityCheck.Problems(new NotificationTask("hi"), "reprots", live));
        Assert.StartsWith("queue \"reprots\" is served by no live worker, so its runs would wait there for ever; served queues: critical, default, reports;", problem);
        Assert.Contains("--no-verify", problem);
        Assert.Empty(CapabilityCheck.Problems(new NotificationTask("hi"), "critical", live));
        // Worker a serves "reports" but runs no notification; worker b runs it but serves another queue.
        Assert.StartsWith("task type \"notification\" is run by no live worker; offered types: shell",
            Assert.Single(CapabilityCheck.Problems(new NotificationTask("hi"), "reports", live)));
    }

    [Fact]
    public void A_worker_that_does_not_say_its_queues_counts_for_any_queue()
    {
        Assert.Empty(CapabilityCheck.Problems(new NotificationTask("hi"), "anything", [Worker("old")]));
    }

    [Fact]
    public void A_task_one_live_worker_offers_passes()
    {
        var live = new[] { Worker("a"), Worker("b", plugins: new() { ["billing"] = ["close"] }) };
        Assert.Empty(Problems(new PluginCommandTask("billing", "close"), live));
        Assert.Empty(Problems(new PluginCommandTask("BILLING", "Close"), live));
    }

    [Fact]
    public void No_live_worker_is_one_problem_that_says_how_to_opt_out()
    {
        var problem = Assert.Single(Problems(new NotificationTask("hi"), []));
        Assert.StartsWith("no worker is live", problem);
        Assert.Contains("verify: false", problem);
        Assert.Contains("--no-verify", problem);
    }

    [Fact]
    public void An_unhandled_task_type_lists_the_offered_types()
    {
        var problem = Assert.Single(Problems(new CleanupTask(), [Worker("a", types: ["shell", "notification"])]));
        Assert.StartsWith("task type \"cleanup\" is run by no live worker; offered types: notification, shell", problem);
    }

    [Fact]
    public void A_missing_plugin_lists_every_live_workers_plugins_merged()
    {
        var live = new[] { Worker("a", plugins: new() { ["billing"] = ["close"] }), Worker("b", plugins: new() { ["billing"] = ["open"], ["mail"] = ["send"] }) };
        var problem = Assert.Single(Problems(new PluginCommandTask("crm", "sync"), live));
        Assert.StartsWith("plugin \"crm\" is loaded by no live worker; offered plugins: billing (close, open), mail (send)", problem);
    }

    [Theory]
    [InlineData("rm", false, "shell command \"rm\" is allowed on no live worker; allowed commands: /usr/bin/date, echo")]
    [InlineData("/bin/rm", false, "shell command \"/bin/rm\" is allowed on no live worker")]
    // A path runs only when listed itself: "echo" names the program the worker's PATH finds, not any file named so.
    [InlineData("/tmp/x/echo", false, "shell command \"/tmp/x/echo\" is allowed on no live worker")]
    [InlineData("echo hi | wc", true, "shell command \"/bin/sh\" is allowed on no live worker")]
    public void A_shell_program_outside_every_allow_list_is_refused(string command, bool useShell, string expected)
    {
        var problem = Assert.Single(Problems(new ShellTask(command, UseShell: useShell), [Worker("a", allowed: ["echo", "/usr/bin/date"])]));
        Assert.StartsWith(expected, problem);
    }

    [Theory]
    [InlineData("echo")]
    [InlineData("date")]
    [InlineData("/usr/bin/date")]
    public void A_shell_program_an_allow_list_names_passes(string command) =>
        Assert.Empty(Problems(new ShellTask(command), [Worker("a", allowed: ["echo", "/usr/bin/date"])]));

    [Fact]
    public void Shell_disabled_everywhere_is_refused_but_one_worker_allowing_all_is_enough()
    {
        Assert.StartsWith("shell tasks are disabled on every live worker", Assert.Single(Problems(new ShellTask("ls"), [Worker("a", shell: false)])));
        Assert.Empty(Problems(new ShellTask("ls"), [Worker("a", shell: false), Worker("b", allowed: [])]));
    }

    [Fact]
    public void Each_sequence_step_is_checked_and_named()
    {
        var sequence = new SequenceTask([
            new SequenceStep("ok", new NotificationTask("hi", Channels: ["log"])),
            new SequenceStep("page", new NotificationTask("hi", Channels: ["pager"])),
            new SequenceStep("call", new McpToolTask("search", "find")),
        ]);
        var problems = Problems(sequence, [Worker("a", mcp: ["files"])]);
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("step \"page\": notification channel \"pager\" is configured on no live worker; offered channels: events, log", problems[0]);
        Assert.StartsWith("step \"call\": MCP server \"search\" is configured on no live worker; offered servers: files", problems[1]);
    }

    [Fact]
    public void A_sequence_whose_steps_only_different_workers_offer_is_refused_because_it_runs_on_one()
    {
        var sequence = new SequenceTask([
            new SequenceStep("bill", new PluginCommandTask("billing", "close")),
            new SequenceStep("mail", new PluginCommandTask("mail", "send")),
        ]);
        var live = new[] { Worker("a", plugins: new() { ["billing"] = ["close"] }), Worker("b", plugins: new() { ["mail"] = ["send"] }) };
        Assert.StartsWith("no single live worker offers every step", Assert.Single(Problems(sequence, live)));
        Assert.Empty(Problems(sequence, [.. live, Worker("c", plugins: new() { ["billing"] = ["close"], ["mail"] = ["send"] })]));
    }

    private static MethodCallTask Call(string service = "MyApp.ReportService, MyApp") => new(service, "SendReport", [], []);

    [Fact]
    public void A_method_call_whose_assembly_no_live_worker_may_call_is_refused_naming_it_the_callable_ones_and_the_ways_out()
    {
        var live = new[] { Worker("a") with { MethodCallAssemblies = ["Scheduler.Worker", "sample"] }, Worker("b") with { MethodCallAssemblies = ["Billing"] } };

        var problem = Assert.Single(Problems(Call(), live));

        Assert.StartsWith("method call ReportService.SendReport needs assembly \"MyApp\", whose types no live worker on queue \"default\" may call "
            + "(callable assemblies: Billing, Scheduler.Worker, sample); run your app's own worker host (AddSchedulerWorker) on a queue of its own "
            + "and send the call there (ScheduleOptions.Queue, options.queue, --queue), list \"MyApp\" in Scheduler:MethodCalls:AllowedAssemblies "
            + "of a worker (or AllowMethodCallsOn<T>() in its host), or put it in the plugins folder; ", problem);
        Assert.Contains("--no-verify", problem);
    }

    [Theory]
    [InlineData("MyApp.ReportService, MyApp")]
    [InlineData("MyApp.ReportService, myapp")]
    // Written by hand with the assembly's details, or as a closed generic of .NET's own type argument.
    [InlineData("MyApp.ReportService, MyApp, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null")]
    [InlineData("MyApp.Repository`1[[System.Int32, System.Private.CoreLib]], MyApp")]
    [InlineData("MyApp.Repository`1[[MyApp.Order[], MyApp]], MyApp")]
    // No assembly named: nothing to check here (the worker looks in its own program).
    [InlineData("MyApp.ReportService")]
    public void A_method_call_whose_assembly_one_live_worker_may_call_passes(string service)
    {
        var live = new[] { Worker("a") with { MethodCallAssemblies = ["sample"] }, Worker("b") with { MethodCallAssemblies = ["Scheduler.Worker", "MyApp"] } };
        Assert.Empty(Problems(Call(service), live));
    }

    [Theory]
    // The service's own type argument, one nested in .NET's List<T>, and the method's.
    [InlineData("MyApp.Repository`1[[Billing.Order, Billing]], MyApp", null)]
    [InlineData("MyApp.Repository`1[[System.Collections.Generic.List`1[[Billing.Order, Billing]], System.Private.CoreLib]], MyApp", null)]
    [InlineData("MyApp.ReportService, MyApp", "Billing.Order, Billing")]
    public void A_method_call_with_a_type_argument_of_an_assembly_no_live_worker_may_call_is_refused_naming_it(string service, string? methodTypeArgument)
    {
        var live = new[] { Worker("a") with { MethodCallAssemblies = ["MyApp"] } };
        var call = Call(service) with { GenericArguments = methodTypeArgument is null ? null : [methodTypeArgument] };

        var problem = Assert.Single(Problems(call, live));

        Assert.StartsWith("method call ", problem);
        Assert.Contains(" uses type argument \"Order\" of assembly \"Billing\", whose types no live worker on queue \"default\" may use "
            + "(callable assemblies: MyApp; type arguments are .NET's value types, string or types of a callable assembly); ", problem);
        Assert.Contains("list \"Billing\" in Scheduler:MethodCalls:AllowedAssemblies", problem);
        // Each assembly callable on some worker, but none may call both: a run runs on one.
        Assert.StartsWith("no single live worker offers everything this task needs",
            Assert.Single(Problems(call, [.. live, Worker("b") with { MethodCallAssemblies = ["Billing"] }])));
        Assert.Empty(Problems(call, [.. live, Worker("b") with { MethodCallAssemblies = ["Billing", "MyApp"] }]));
    }

    /// <summary>An app's service whose base type is another assembly's (System.Net.Http's).</summary>
    public class InheritingService : HttpClient
    {
        public string Own(int days) => days.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static MethodCallTask Inherited(string method, params Type[] parameters) =>
        new(MethodCallTypeNames.Of(typeof(InheritingService)), method, [.. parameters.Select(MethodCallTypeNames.Of)],
            [.. parameters.Select(_ => System.Text.Json.JsonDocument.Parse("null").RootElement)]);

    [Fact]
    public void A_method_call_to_a_method_inherited_from_an_assembly_no_live_worker_may_call_is_refused_naming_the_declaring_type_and_assembly()
    {
        // The worker's resolver refuses it at every run ("declared by type … which may not be called on this worker").
        var own = typeof(InheritingService).Assembly.GetName().Name!;
        var live = new[] { Worker("a") with { MethodCallAssemblies = [own] } };

        var problem = Assert.Single(Problems(Inherited(nameof(HttpClient.GetStringAsync), typeof(string)), live));

        Assert.StartsWith("method call InheritingService.GetStringAsync: method GetStringAsync is declared by type \"System.Net.Http.HttpClient\" of assembly "
            + $"\"System.Net.Http\", which no live worker on queue \"default\" may call (callable assemblies: {own}); call a method your type declares itself "
            + "(an override, or one that makes the call), list \"System.Net.Http\" in Scheduler:MethodCalls:AllowedAssemblies of a worker", problem);
        Assert.Contains("--no-verify", problem);
        Assert.Empty(Problems(Inherited(nameof(InheritingService.Own), typeof(int)), live));
        Assert.Empty(Problems(Inherited(nameof(HttpClient.GetStringAsync), typeof(string)), [Worker("b") with { MethodCallAssemblies = [own, "System.Net.Http"] }]));
    }

    [Fact]
    public void Type_arguments_are_read_from_a_closed_generic_name_at_their_own_depth()
    {
        Assert.Equal(["A.X, A", "System.Collections.Generic.List`1[[B.Y, B]], System.Private.CoreLib", "C.Z[], C"],
            MethodCallTypeNames.TypeArgumentsOf("N.Map`3[[A.X, A],[System.Collections.Generic.List`1[[B.Y, B]], System.Private.CoreLib],[C.Z[], C]][], N"));
        Assert.Empty(MethodCallTypeNames.TypeArgumentsOf("N.Plain, N"));
        Assert.Empty(MethodCallTypeNames.TypeArgumentsOf("N.Plain[], N"));
    }

    [Fact]
    public void A_worker_that_does_not_say_which_assemblies_it_may_call_counts_as_calling_any()
    {
        Assert.Empty(Problems(Call(), [Worker("old")]));
        Assert.Empty(Problems(Call(), [Worker("a") with { MethodCallAssemblies = ["sample"] }, Worker("old")]));
    }

    [Fact]
    public void Method_calls_switched_off_on_every_worker_serving_the_queue_is_said_so()
    {
        var live = new[] { Worker("a") with { MethodCallAssemblies = [], Queues = ["default"] }, Worker("b") with { MethodCallAssemblies = ["MyApp"], Queues = ["reports"] } };

        var problem = Assert.Single(CapabilityCheck.Problems(Call(), "default", live));

        Assert.StartsWith("method call ReportService.SendReport cannot run: method calls are switched off on every live worker on queue \"default\" "
            + "that runs them (Scheduler:MethodCalls:Enabled is false); run your app's own worker host (AddSchedulerWorker)", problem);
        Assert.Empty(CapabilityCheck.Problems(Call(), "reports", live));
    }

    [Fact]
    public void A_sequence_step_calling_a_method_no_live_worker_may_call_is_named()
    {
        var sequence = new SequenceTask([
            new SequenceStep("say", new NotificationTask("hi")),
            new SequenceStep("report", Call()),
        ]);

        var problem = Assert.Single(CapabilityCheck.Problems(sequence, "nightly", [Worker("a") with { MethodCallAssemblies = ["sample"] }]));

        Assert.StartsWith("step \"report\": method call ReportService.SendReport needs assembly \"MyApp\", whose types no live worker on queue \"nightly\" may call "
            + "(callable assemblies: sample);", problem);
    }

    [Fact]
    public void Merge_unites_the_callable_assemblies_and_is_null_when_any_worker_does_not_say()
    {
        var a = Worker("a") with { MethodCallAssemblies = ["sample", "MyApp"] };
        var b = Worker("b") with { MethodCallAssemblies = ["myapp", "Billing"] };
        var off = Worker("c") with { MethodCallAssemblies = [] };

        Assert.Equal(["Billing", "MyApp", "sample"], CapabilityCheck.Merge([a, b, off]).MethodCallAssemblies);
        Assert.Empty(CapabilityCheck.Merge([off]).MethodCallAssemblies!);
        Assert.Null(CapabilityCheck.Merge([a, Worker("old")]).MethodCallAssemblies);
    }
}
