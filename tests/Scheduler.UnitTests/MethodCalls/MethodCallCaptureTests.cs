using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.MethodCalls;

public sealed class MethodCallCaptureTests
{
    private const string Int = "System.Int32, System.Private.CoreLib";
    private const string Text = "System.String, System.Private.CoreLib";

    private static IEnumerable<string> Raw(MethodCallTask task) => task.Arguments.Select(a => a.GetRawText());

    [Fact]
    public void Instance_call_records_the_service_method_parameter_types_and_argument_values_as_json()
    {
        var task = MethodCallTask.Capture<ReportJobs>(s => s.SendAsync(7, "weekly"));

        Assert.Equal("Scheduler.UnitTests.MethodCalls.ReportJobs, Scheduler.UnitTests", task.Service);
        Assert.Equal("SendAsync", task.Method);
        Assert.Equal([Int, Text], task.ParameterTypes);
        Assert.Equal(["7", "\"weekly\""], Raw(task));
        Assert.Null(task.GenericArguments);
        Assert.Equal("ReportJobs.SendAsync(7, \"weekly\")", task.Describe());
        Assert.Empty(task.Validate());
    }

    [Fact]
    public void Closures_members_and_expressions_are_evaluated_when_captured_not_when_run()
    {
        var period = "monthly";
        var holder = new { Customer = 12 };
        var task = MethodCallTask.Capture<ReportJobs>(s => s.SendAsync(holder.Customer + 1, period.ToUpperInvariant()));
        period = "changed later";

        Assert.Equal(["13", "\"MONTHLY\""], Raw(task));
        Assert.Equal("changed later", period);
    }

    [Fact]
    public void Overloads_are_told_apart_by_their_parameter_types()
    {
        var asInt = MethodCallTask.Capture<ReportJobs>(s => s.Send(1));
        var asLong = MethodCallTask.Capture<ReportJobs>(s => s.Send(1L));
        var asText = MethodCallTask.Capture<ReportJobs>(s => s.Send("1"));

        Assert.Equal([Int], asInt.ParameterTypes);
        Assert.Equal(["System.Int64, System.Private.CoreLib"], asLong.ParameterTypes);
        Assert.Equal([Text], asText.ParameterTypes);
    }

    [Fact]
    public void A_cancellation_token_parameter_is_recorded_as_a_null_placeholder_whatever_was_passed()
    {
        using var source = new CancellationTokenSource();
        var task = MethodCallTask.Capture<ReportJobs>(s => s.TokenState(5, source.Token));

        Assert.Equal(["5", "null"], Raw(task));
        Assert.Equal("System.Threading.CancellationToken, System.Private.CoreLib", task.ParameterTypes[1]);
        Assert.Equal("ReportJobs.TokenState(5, CancellationToken)", task.Describe());
    }

    [Fact]
    public void Static_task_returning_and_generic_calls_are_captured()
    {
        var stamp = MethodCallTask.Capture(() => ReportJobs.Stamp("x"));
        var nothing = MethodCallTask.Capture(() => ReportJobs.Nothing());
        var count = MethodCallTask.Capture<ReportJobs, int>(s => s.CountAsync(3));
        var echo = MethodCallTask.Capture<ReportJobs>(s => s.Echo(5));
#pragma warning disable CS4014 // a ValueTask<T> method binds to the Action overload; the worker awaits it by its return type
        var summary = MethodCallTask.Capture<ReportJobs>(s => s.SummarizeAsync(new ReportSummary("Q3", 4, new[] { "a" })));
#pragma warning restore CS4014

        Assert.Equal(("Stamp", "ReportJobs"), (stamp.Method, stamp.Describe()[..10]));
        Assert.Equal("Nothing", nothing.Method);
        Assert.Equal(["3"], Raw(count));
        Assert.Equal([Int], echo.GenericArguments!);
        Assert.Equal(["""{"title":"Q3","pages":4,"tags":["a"]}"""], Raw(summary));
    }

    [Fact]
    public void The_task_survives_its_json_round_trip_as_method_call()
    {
        var task = MethodCallTask.Capture<ReportJobs>(s => s.SendAsync(7, "weekly")) with { Execution = new ExecutionPolicy(MaxRetries: 1) };
        var json = JsonSerializer.Serialize<TaskDefinition>(task, TaskTypes.JsonOptions);

        var back = Assert.IsType<MethodCallTask>(JsonSerializer.Deserialize<TaskDefinition>(json, TaskTypes.JsonOptions));

        Assert.Equal("method_call", JsonDocument.Parse(json).RootElement.GetProperty("type").GetString());
        Assert.Equal((task.Service, task.Method, task.Execution), (back.Service, back.Method, back.Execution));
        Assert.Equal(task.ParameterTypes, back.ParameterTypes);
        Assert.Equal(Raw(task), Raw(back));
    }

    public static TheoryData<Func<MethodCallTask>, string> Refused => new()
    {
        { () => MethodCallTask.Capture<ReportJobs>(s => s.PendingTask), "is not a method call" },
        { () => MethodCallTask.Capture<ReportJobs>(s => s.Inner.SendAsync(1, "x")), "not on the service parameter 's'" },
        { () => MethodCallTask.Capture<ReportJobs>(s => ReportJobs.Stamp("x")), "calls the static method ReportJobs.Stamp" },
        { () => MethodCallTask.Capture<ReportJobs>(s => s.SendWeeklyAsync(1)), "(an extension method)" },
        { () => MethodCallTask.Capture(() => new ReportJobs().SendAsync(1, "x")), "calls an instance method on a captured object" },
        { () => MethodCallTask.Capture<ReportJobs>(s => s.SendAsync(s.Id, "x")), "uses the lambda's parameter 's'" },
        { () => MethodCallTask.Capture<ReportJobs>(s => s.Call(() => 1)), "argument 1 ('callback', Func<Int32>)" },
        { () => MethodCallTask.Capture<ReportJobs>(s => s.Store(new GetOnly("custom"))), "does not survive a JSON round trip" },
        { () => MethodCallTask.Capture<InternalJobs>(s => s.RunAsync()), "InternalJobs is not public" },
        { () => MethodCallTask.Capture<ReportJobs>(s => s.Hidden()), "method Hidden is not public" },
        { () => MethodCallTask.Capture<ReportJobs>(s => s.SendAsync(int.Parse("x"), "y")), "could not be evaluated: FormatException" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Calls_that_cannot_be_scheduled_fail_at_capture_naming_the_problem(Func<MethodCallTask> capture, string problem)
    {
        var error = Assert.Throws<InvalidTaskException>(capture);

        Assert.Contains(problem, error.Message);
        Assert.Contains("the call `", error.Message);
    }

    [Fact]
    public void A_refused_call_quotes_captured_variables_by_their_names_not_the_compilers_closure_type()
    {
        var jobs = new ReportJobs();
        var customer = "x";
        var onCaptured = Assert.Throws<InvalidTaskException>(() => MethodCallTask.Capture(() => jobs.SendAsync(1, "x")));
        var onArgument = Assert.Throws<InvalidTaskException>(() => MethodCallTask.Capture<ReportJobs>(s => s.SendAsync(int.Parse(customer), "y")));
        var onOther = Assert.Throws<InvalidTaskException>(() => MethodCallTask.Capture<ReportJobs>(s => jobs.SendAsync(1, "x")));

        Assert.Contains("the call `() => jobs.SendAsync(1, \"x\")`", onCaptured.Message);
        Assert.Contains("the call `s => s.SendAsync(Parse(customer), \"y\")`", onArgument.Message);
        Assert.Contains("calls SendAsync on jobs, not on the service parameter 's'", onOther.Message);
        Assert.All([onCaptured, onArgument, onOther], e => Assert.DoesNotContain("DisplayClass", e.Message));
    }

    [Fact]
    public void An_async_void_method_is_refused_at_capture_saying_to_return_Task()
    {
        var error = Assert.Throws<InvalidTaskException>(() => MethodCallTask.Capture<ReportJobs>(s => s.Notify(1)));

        Assert.Contains("method Notify is async void", error.Errors.Single());
        Assert.Contains("make it return Task", error.Errors.Single());
    }

    [Fact]
    public void An_argument_that_cannot_be_serialized_is_named_with_its_parameter()
    {
        var error = Assert.Throws<InvalidTaskException>(() => MethodCallTask.Capture<ReportJobs>(s => s.Call(() => 1)));

        Assert.Contains("cannot", error.Errors.Single());
        Assert.Contains("'callback'", error.Errors.Single());
    }

    [Fact]
    public void A_task_from_the_rest_api_with_arguments_not_matching_its_parameters_is_refused()
    {
        var task = new MethodCallTask("MyApp.Reports, MyApp", "Send", [Int, Text], [JsonDocument.Parse("7").RootElement]);

        Assert.Contains(task.Validate(), e => e.Contains("has 1 values for 2 parameters"));
        Assert.Contains(new MethodCallTask("", "Send bad", [], []).Validate(), e => e.Contains("\"method\" is \"Send bad\""));
    }

    [Fact]
    public void A_hand_written_task_naming_an_open_generic_type_is_refused_and_a_closed_one_accepted()
    {
        var open = new MethodCallTask("MyApp.Repository`1, MyApp", "Purge", [], []);
        var closed = new MethodCallTask("MyApp.Repository`1[[MyApp.Order, MyApp]], MyApp", "Purge", [], []);

        Assert.Contains(open.Validate(), e => e.Contains("\"MyApp.Repository`1, MyApp\" is an open generic type; expected its type arguments"));
        Assert.Empty(closed.Validate());
        Assert.Empty(MethodCallTask.Capture<OpenJobs<int>>(s => s.Run()).Validate());
    }
}
