using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

/// <summary>
/// A worker reads each job's arguments without Hangfire's Json.NET reader when they are plain: the job must be the one
/// Hangfire's own reading gives, and anything not plain must still be read by Hangfire.
/// </summary>
public sealed class InvocationDecoderTests
{
    private static readonly System.Reflection.MethodInfo Run = typeof(ITaskOccurrenceRunner).GetMethod(nameof(ITaskOccurrenceRunner.RunAsync))!;

    public static TheoryData<string, string, long, string, string?, bool> Runs => new()
    {
        { "t1", "t1:1700000000000", 1_700_000_000_000, "nightly report", null, true },
        { "überprüfung", "ü:-1", -1, "€ 😀 中文 'quoted' <b>&amp;</b>", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", true },
        { "", "", long.MinValue, "", "", true },
        { "quote\"d", "t:0", 0, "n", null, false },
        { "t", "back\\slash", long.MaxValue, "n", null, false },
        { "t", "r", 5, "line\nbreak", null, false },
        { "t", "r", 5, "sep\u2028", null, false },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void An_occurrence_job_reads_back_as_hangfire_reads_it_and_directly_only_when_its_text_is_plain(
        string taskId, string runId, long dueMs, string name, string? trace, bool plain)
    {
        var stored = InvocationData.SerializeJob(new Job(typeof(ITaskOccurrenceRunner), Run, taskId, runId, dueMs, name, trace, null, CancellationToken.None));
        var hangfire = stored.DeserializeJob();

        // The first read of a method may be Hangfire's own; from the second on a plain one is direct.
        InvocationDecoder.Decode(stored);
        var job = InvocationDecoder.Decode(stored);

        Assert.Equal((hangfire.Type, hangfire.Method, hangfire.Queue), (job.Type, job.Method, job.Queue));
        Assert.Equal(hangfire.Args, job.Args);
        Assert.Equal(plain, InvocationDecoder.ReadsDirectly(stored));
    }

    [Fact]
    public void A_job_with_a_parameter_it_does_not_read_goes_through_hangfire()
    {
        var method = typeof(DatedJobs).GetMethod(nameof(DatedJobs.Dated))!;
        var stored = InvocationData.SerializeJob(new Job(typeof(DatedJobs), method, new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc), "x", null));

        InvocationDecoder.Decode(stored);
        var job = InvocationDecoder.Decode(stored);

        Assert.Equal(stored.DeserializeJob().Args, job.Args);
        Assert.False(InvocationDecoder.ReadsDirectly(stored));
    }

    [Theory]
    [InlineData("[\"\\\"t\\\"\",\"\\\"r\\\"\",\"5\",\"\\\"n\\\"\",null,null]")]
    [InlineData("[\"\\\"t\\\"\",\"\\\"r\\\"\",\"5\",\"\\\"n\\\"\",null,null,null,null]")]
    [InlineData("[\"\\\"t\\\"\",\"\\\"r\\\"\",\"five\",\"\\\"n\\\"\",null,null,null]")]
    [InlineData("[\"\\\"t\\\"\",\"\\\"r\\\"\",\"5\",\"\\\"n\\\"\",null,null,null] ")]
    public void Arguments_that_do_not_fit_the_method_are_left_to_hangfire_and_fail_as_they_do_there(string arguments)
    {
        var good = InvocationData.SerializeJob(new Job(typeof(ITaskOccurrenceRunner), Run, "t", "r", 5L, "n", null, null, CancellationToken.None));
        InvocationDecoder.Decode(good);
        var odd = new InvocationData(good.Type, good.Method, good.ParameterTypes, arguments, good.Queue);

        Assert.False(InvocationDecoder.ReadsDirectly(odd));
        Exception? theirs = null, ours = null;
        object?[]? theirArgs = null, ourArgs = null;
        try { theirArgs = [.. odd.DeserializeJob().Args]; } catch (Exception e) { theirs = e; }
        try { ourArgs = [.. InvocationDecoder.Decode(odd).Args]; } catch (Exception e) { ours = e; }
        Assert.Equal(theirs?.GetType(), ours?.GetType());
        Assert.Equal(theirArgs, ourArgs);
    }

    /// <summary>A job method with a parameter the direct form leaves to Hangfire.</summary>
    public static class DatedJobs
    {
        public static void Dated(DateTime at, string name, PerformContext? context) { }
    }
}
