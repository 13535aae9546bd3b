using Hangfire.Common;
using Hangfire.Storage;
using Scheduler.Beat.Firing;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Jobs;

namespace Scheduler.UnitTests.Firing;

/// <summary>
/// Beat writes an occurrence job's invocation data and its state history without Hangfire's serializer: the result
/// must be Hangfire's own, byte for byte, or the worker and Hangfire's dashboard would read something else.
/// </summary>
public sealed class InvocationSerializerTests
{
    private static readonly System.Reflection.MethodInfo Run = typeof(ITaskOccurrenceRunner).GetMethod(nameof(ITaskOccurrenceRunner.RunAsync))!;

    public static TheoryData<string, string, long, string, string?> Awkward => new()
    {
        { "t1", "t1:1700000000000", 1_700_000_000_000, "nightly report", null },
        { "quote\"back\\slash", "t:0", 0, "line\nbreak\ttab\u0001bell", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        { "überprüfung", "ünï:-1", -1, "€ 😀 中文 \u2028\u2029", "" },
        { "<script>alert('x')</script>", "a&b", long.MaxValue, "'single' & <angle>", "\u007f\u0080\u0085\u009f\u00a0" },
        { "", "", long.MinValue, "", null },
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public void An_occurrence_jobs_invocation_data_is_hangfires_own_byte_for_byte(string taskId, string runId, long dueMs, string name, string? trace)
    {
        var serializer = new InvocationSerializer();
        var job = new Job(typeof(ITaskOccurrenceRunner), Run, taskId, runId, dueMs, name, trace, null, CancellationToken.None);

        // The first job of a method is Hangfire's own result (and checks the direct form); the next ones are direct.
        var first = serializer.Serialize(job);
        var direct = serializer.Serialize(job);
        var hangfire = InvocationData.SerializeJob(job);

        Assert.True(HangfireJson.Agrees);
        foreach (var data in new[] { first, direct })
            Assert.Equal((hangfire.Type, hangfire.Method, hangfire.ParameterTypes, hangfire.Arguments, hangfire.Queue),
                (data.Type, data.Method, data.ParameterTypes, data.Arguments, data.Queue));
        Assert.Equal([taskId, runId, dueMs, name, trace, null, CancellationToken.None], direct.DeserializeJob().Args);
    }

    [Fact]
    public void A_job_with_an_argument_the_direct_form_does_not_write_goes_through_hangfire()
    {
        var serializer = new InvocationSerializer();
        var method = typeof(DatedJobs).GetMethod(nameof(DatedJobs.Dated))!;
        var job = new Job(typeof(DatedJobs), method, new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc), 5);

        var data = serializer.Serialize(job);
        serializer.Serialize(job);

        Assert.Equal(InvocationData.SerializeJob(job).Arguments, data.Arguments);
        Assert.Equal(serializer.Serialize(job).Arguments, data.Arguments);
    }

    [Fact]
    public void A_state_history_entry_is_written_as_hangfire_serializes_its_dictionary()
    {
        var entry = new Dictionary<string, string?>
        {
            { "EnqueuedAt", "2026-12-03T10:00:00.0000000Z" },
            { "Queue", "crit\"ical\u2029" },
            { "State", "Enqueued" },
            { "Reason", null },
            { "CreatedAt", "2026-12-03T10:00:00.1230000Z" },
        };

        Assert.Equal(SerializationHelper.Serialize(entry), HangfireJson.Dictionary([.. entry]));
        Assert.Equal(entry, SerializationHelper.Deserialize<Dictionary<string, string?>>(HangfireJson.Dictionary([.. entry])));
    }

    /// <summary>A job method with an argument the direct form leaves to Hangfire.</summary>
    public static class DatedJobs
    {
        public static void Dated(DateTime at, int count) { }
    }
}
