using Hangfire.States;
using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

public sealed class DeferredCompletionsTests
{
    private static readonly IState Succeeded = new SucceededState(null, 1, 1);

    [Fact]
    public void A_state_is_deferred_only_for_an_occurrence_job_and_handed_over_only_once_by_its_acknowledge()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000);
        Assert.False(completions.TryDefer("not-an-occurrence", Succeeded));
        Assert.False(completions.TryHandOver("not-an-occurrence", "default", "t"));

        completions.MayDefer("j1");
        Assert.True(completions.TryDefer("j1", Succeeded));
        Assert.True(completions.TryHandOver("j1", "default", "t"));
        Assert.False(completions.TryHandOver("j1", "default", "t"));
        Assert.Equal(1, completions.Waiting);
    }

    [Fact]
    public void A_job_handed_back_after_its_state_was_deferred_is_not_handed_over()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000);
        completions.MayDefer("j1");
        completions.TryDefer("j1", Succeeded);
        completions.Forget("j1");
        Assert.False(completions.TryHandOver("j1", "default", "t"));
        Assert.Equal(0, completions.Waiting);
    }

    [Fact]
    public async Task Completions_wait_while_jobs_keep_starting_and_go_once_a_worker_finds_its_queues_empty()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000);
        HandOver(completions, "j1", "j2");
        var taking = completions.TakeAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(taking.IsCompleted);

        completions.QueuesEmpty();
        var taken = await taking.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["j1", "j2"], taken.Select(t => t.JobId));
        Assert.Equal(0, completions.Waiting);
    }

    [Fact]
    public async Task An_empty_queue_seen_before_any_completion_does_not_release_a_later_one_early()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000);
        completions.QueuesEmpty();
        HandOver(completions, "j1");
        var taking = completions.TakeAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(taking.IsCompleted);
        completions.QueuesEmpty();
        Assert.Single(await taking.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task An_empty_look_followed_by_a_job_taken_holds_the_completions_until_the_queues_stay_empty()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000, idleFor: TimeSpan.FromMilliseconds(200));
        HandOver(completions, "j1");
        // Beat's next batch arrives: a worker takes a job after the empty look.
        completions.QueuesEmpty();
        completions.JobTaken();
        var taking = completions.TakeAsync(CancellationToken.None);
        await Task.Delay(600);
        Assert.False(taking.IsCompleted, "taken although a job started after the empty look");

        completions.QueuesEmpty();
        var started = Environment.TickCount64;
        Assert.Single(await taking.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(Environment.TickCount64 - started >= 150, "taken before the queues stayed empty for the idle time");
    }

    [Fact]
    public async Task Completions_go_after_the_longest_wait_or_once_the_most_allowed_are_waiting()
    {
        var byAge = new DeferredCompletions(TimeSpan.FromMilliseconds(300), 1000);
        HandOver(byAge, "j1");
        var started = Environment.TickCount64;
        Assert.Single(await byAge.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(Environment.TickCount64 - started >= 250, "taken before the longest wait");

        var byCount = new DeferredCompletions(TimeSpan.FromSeconds(30), 3);
        var taking = byCount.TakeAsync(CancellationToken.None);
        HandOver(byCount, "j1", "j2");
        await Task.Delay(200);
        Assert.False(taking.IsCompleted);
        HandOver(byCount, "j3");
        Assert.Equal(3, (await taking.WaitAsync(TimeSpan.FromSeconds(5))).Count);
    }

    [Fact]
    public async Task Completions_given_back_are_due_at_the_next_take()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000);
        HandOver(completions, "j1");
        var taken = completions.TakeAll();
        var waiting = completions.TakeAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        completions.Return(taken);
        Assert.Equal("j1", Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(5))).JobId);
    }

    [Fact]
    public void A_stopping_worker_defers_nothing_more()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000);
        completions.MayDefer("j1");
        completions.Stop();
        Assert.False(completions.TryDefer("j1", Succeeded));
    }

    [Fact]
    public async Task A_cancelled_wait_takes_nothing_and_leaves_the_completions_for_the_stopping_worker()
    {
        var completions = new DeferredCompletions(TimeSpan.FromSeconds(30), 1000);
        HandOver(completions, "j1");
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.Empty(await completions.TakeAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("j1", Assert.Single(completions.TakeAll()).JobId);
    }

    private static void HandOver(DeferredCompletions completions, params string[] jobIds)
    {
        foreach (var id in jobIds)
        {
            completions.MayDefer(id);
            completions.TryDefer(id, Succeeded);
            completions.TryHandOver(id, "default", "t");
        }
    }
}
