using Scheduler.Contracts.Client;
using StackExchange.Redis;

namespace Scheduler.UnitTests.Client;

/// <summary>
/// What a client built by hand refuses before it touches Redis, as <c>AddSchedulerClient</c> does at host start, and the
/// page sizes and updates its calls refuse as the CLI and REST API do. No Redis: a client that got past these checks
/// would fail on the unconnected multiplexer instead.
/// </summary>
public sealed class ClientInputChecksTests
{
    // Never connected: any call that reaches Redis throws, so a check that passed is told apart from one that refused.
    private static readonly IConnectionMultiplexer Unconnected = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=50");

    [Theory]
    [InlineData("", "UTC", "KeyPrefix must be 1 to 64 characters")]
    [InlineData("my prefix:", "UTC", "KeyPrefix must be")]
    [InlineData("scheduler:", "Mars/Olympus", "DefaultTimeZone: ")]
    public void A_client_built_by_hand_refuses_the_options_a_registered_one_is_refused_at_start(string prefix, string zone, string expected)
    {
        var refused = Assert.Throws<ArgumentException>(() => new SchedulerClient(Unconnected, new SchedulerClientOptions { KeyPrefix = prefix, DefaultTimeZone = zone }));
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public async Task Page_sizes_below_one_and_negative_offsets_are_refused_not_read_as_one()
    {
        var client = new SchedulerClient(Unconnected);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetRunsAsync("t1", 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetRunsAsync("t1", -5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListAsync(limit: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListAsync(offset: -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetFailedRunsAsync(limit: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetFailedRunsAsync(offset: -1));
    }

    [Fact]
    public async Task An_update_that_asks_nothing_is_refused_as_the_cli_and_rest_api_refuse_it()
    {
        var client = new SchedulerClient(Unconnected);
        var refused = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync("t1", new TaskUpdate()));
        Assert.Contains("nothing to change", refused.Message);
    }

    [Fact]
    public void A_subscription_from_an_id_that_is_none_is_refused_by_the_call_not_at_its_first_event()
    {
        var client = new SchedulerClient(Unconnected);
        Assert.Throws<ArgumentException>(() => client.SubscribeAsync("xyz"));
        Assert.Throws<ArgumentException>(() => client.SubscribeAsync(Scheduler.Contracts.Events.EventTypePattern.Parse("task.*"), "xyz"));
    }

    [Fact]
    public void A_spec_with_no_run_before_its_end_names_the_bounds_given_not_a_start_bound_never_set()
    {
        var now = new DateTimeOffset(2026, 3, 7, 10, 0, 0, TimeSpan.Zero);
        var refused = Assert.Throws<InvalidTaskException>(() => SchedulerClient.CheckInput(new Scheduler.Contracts.Tasks.NotificationTask("x"), "every day at 9am",
            new Scheduler.Contracts.Schedules.ScheduleOptions { EndAt = now.AddHours(1) }, "UTC", now));
        Assert.Contains("has no occurrence between now and endAt 2026-03-07T11:00:00Z", refused.Message);
    }

    [Fact]
    public void A_spec_that_does_not_read_is_named_with_the_task_and_option_problems_not_only_once_they_are_fixed()
    {
        var now = new DateTimeOffset(2026, 3, 7, 10, 0, 0, TimeSpan.Zero);
        var refused = Assert.Throws<InvalidTaskException>(() => SchedulerClient.CheckInput(new Scheduler.Contracts.Tasks.NotificationTask(""), "every blursday",
            new Scheduler.Contracts.Schedules.ScheduleOptions { MaxRuns = 0 }, "UTC", now));
        Assert.Equal(3, refused.Errors.Count);
        Assert.StartsWith("spec: ", refused.Errors[^1]);
        Assert.Contains("\"blursday\"", refused.Errors[^1]);
        // A time zone the options name wrongly is said once, by the options' check.
        var zone = Assert.Throws<InvalidTaskException>(() => SchedulerClient.CheckInput(new Scheduler.Contracts.Tasks.NotificationTask(""), "every day at 9am",
            new Scheduler.Contracts.Schedules.ScheduleOptions { TimeZone = "Mars/Olympus" }, "UTC", now));
        Assert.DoesNotContain(zone.Errors, e => e.StartsWith("spec: ", StringComparison.Ordinal));
        // Alone, a spec that does not read is the parser's own error, as before.
        Assert.Throws<Scheduler.Contracts.Scheduling.ScheduleSpecException>(() => SchedulerClient.CheckInput(new Scheduler.Contracts.Tasks.NotificationTask("x"), "every blursday",
            new Scheduler.Contracts.Schedules.ScheduleOptions(), "UTC", now));
    }

    [Fact]
    public async Task A_batch_names_the_item_it_refuses()
    {
        var client = new SchedulerClient(Unconnected);
        var note = new Scheduler.Contracts.Tasks.NotificationTask("x");
        var spec = await Assert.ThrowsAsync<Scheduler.Contracts.Scheduling.ScheduleSpecException>(() =>
            client.ScheduleManyAsync([(note, "every day at 9am", null), (note, "whenever", null)]));
        Assert.StartsWith("item 1 of the batch: ", spec.Message);
        var invalid = await Assert.ThrowsAsync<InvalidTaskException>(() =>
            client.ScheduleManyAsync([(note, "every day at 9am", new Scheduler.Contracts.Schedules.ScheduleOptions { MaxRuns = 0 })]));
        Assert.StartsWith("item 0 of the batch: ", invalid.Message);
    }
}
