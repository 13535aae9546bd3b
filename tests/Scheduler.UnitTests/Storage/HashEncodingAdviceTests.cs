using Scheduler.Runtime.Redis;

namespace Scheduler.UnitTests.Storage;

public sealed class HashEncodingAdviceTests
{
    [Fact]
    public void Hash_tables_get_the_setting_and_value_to_change_and_compact_or_unknown_encodings_get_nothing()
    {
        var advice = HashEncodingAdvice.For("hashtable");
        Assert.NotNull(advice);
        Assert.Contains("hash-max-listpack-value 1024", advice);
        Assert.Contains("hash-max-ziplist-value", advice);
        Assert.Null(HashEncodingAdvice.For("listpack"));
        Assert.Null(HashEncodingAdvice.For("ziplist"));
        Assert.Null(HashEncodingAdvice.For(null));
    }
}
