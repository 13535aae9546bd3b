using Hangfire.Storage;
using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

public sealed class HangfireStorageWrapperTests
{
    // A member left to Hangfire's base class would not reach the library: most of those throw NotSupportedException, and
    // a Hangfire upgrade that adds one must be forwarded too.
    [Theory]
    [InlineData(typeof(SchedulerRedisConnection), typeof(JobStorageConnection))]
    [InlineData(typeof(ForwardingJobTransaction), typeof(JobStorageTransaction))]
    public void The_wrapper_overrides_every_overridable_member_of_Hangfires_base(Type wrapper, Type hangfireBase)
    {
        var missing = hangfireBase.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(m => m.IsVirtual && !m.IsFinal && m.DeclaringType != typeof(object))
            .Where(m => wrapper.GetMethod(m.Name, [.. m.GetParameters().Select(p => p.ParameterType)])?.DeclaringType != wrapper)
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})");
        Assert.Empty(missing);
    }
}
