using Scheduler.Contracts.Housekeeping;

namespace Scheduler.UnitTests.Housekeeping;

/// <summary>The pure policy engine: which of a set of (name, size, last write) violate retention, count and size.</summary>
public sealed class CleanupPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CleanupFile File(string name, double daysOld, long size = 100) => new(name, size, Now - TimeSpan.FromDays(daysOld));

    private static IReadOnlyList<string> Violating(IReadOnlyCollection<CleanupFile> files, int? retentionDays = null, int? maxFiles = null, double? maxSizeMb = null) =>
        [.. CleanupPolicy.Violating(files, retentionDays, maxFiles, maxSizeMb, Now).Select(f => f.Name)];

    [Fact]
    public void Retention_deletes_only_files_older_than_the_cutoff()
    {
        var files = new[] { File("new", 1), File("edge", 7), File("old", 7.01), File("ancient", 400) };
        Assert.Equal(["ancient", "old"], Violating(files, retentionDays: 7));
    }

    [Fact]
    public void Retention_of_zero_days_deletes_everything_written_before_now()
    {
        var files = new[] { File("a", 0.001), File("b", 0) };
        Assert.Equal(["a"], Violating(files, retentionDays: 0));
    }

    [Fact]
    public void Max_files_keeps_the_newest_and_deletes_the_rest_oldest_first()
    {
        var files = new[] { File("d", 1), File("a", 4), File("c", 2), File("b", 3) };
        Assert.Equal(["a", "b"], Violating(files, maxFiles: 2));
    }

    [Fact]
    public void Max_files_larger_than_the_listing_deletes_nothing()
    {
        Assert.Empty(Violating([File("a", 1), File("b", 2)], maxFiles: 5));
    }

    [Fact]
    public void Max_size_deletes_the_oldest_until_the_total_fits()
    {
        const long mb = 1024 * 1024;
        var files = new[] { File("new", 1, mb), File("mid", 2, mb), File("old", 3, mb), File("oldest", 4, mb) };
        Assert.Equal(["oldest", "old"], Violating(files, maxSizeMb: 2));
        Assert.Equal(["oldest", "old", "mid"], Violating(files, maxSizeMb: 1.5));
        Assert.Empty(Violating(files, maxSizeMb: 4));
    }

    [Fact]
    public void Max_size_deletes_even_the_newest_file_when_it_alone_is_too_big()
    {
        Assert.Equal(["huge"], Violating([File("huge", 1, 10 * 1024 * 1024)], maxSizeMb: 1));
    }

    [Fact]
    public void Policies_combine_a_file_violating_any_one_is_deleted()
    {
        const long mb = 1024 * 1024;
        var files = new[] { File("f1", 1, mb), File("f2", 2, mb), File("f3", 3, mb), File("f4", 10, mb), File("f5", 11, mb) };
        // Alone: retention 5 d deletes f4 and f5; keeping 2 deletes f3, f4 and f5; 4 MB of 5 MB deletes f5.
        Assert.Equal(["f5", "f4"], Violating(files, retentionDays: 5, maxSizeMb: 4));
        Assert.Equal(["f5", "f4", "f3"], Violating(files, retentionDays: 5, maxFiles: 2, maxSizeMb: 4));
        Assert.Equal(["f5", "f4", "f3", "f2"], Violating(files, retentionDays: 30, maxFiles: 4, maxSizeMb: 1));
    }

    [Fact]
    public void Files_written_at_the_same_instant_are_ordered_by_name()
    {
        var files = new[] { File("b", 1), File("a", 1), File("c", 1) };
        Assert.Equal(["a", "b"], Violating(files, maxFiles: 1));
    }

    [Fact]
    public void No_files_means_nothing_to_delete()
    {
        Assert.Empty(Violating([], retentionDays: 1, maxFiles: 1, maxSizeMb: 1));
    }
}
