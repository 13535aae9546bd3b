using Scheduler.Contracts.Housekeeping;

namespace Scheduler.UnitTests.Housekeeping;

/// <summary>Cleanup request validation without the disk: one sentence per problem naming the field and what is accepted.</summary>
public sealed class CleanupValidationTests
{
    private static readonly CleanupRequest Valid = new("/var/log/app", "*.log", RetentionDays: 7);

    private static IReadOnlyList<string> Errors(CleanupRequest request) => [.. CleanupValidation.Validate(request)];

    [Fact]
    public void A_valid_request_has_no_errors()
    {
        Assert.Empty(Errors(Valid));
        Assert.Empty(Errors(new CleanupRequest("/data/x", "app-??.txt", 0, 1, 0.5, "rotated logs", "billing")));
    }

    [Theory]
    [InlineData("", "cleanup \"directory\" is empty; expected an absolute path to an existing directory")]
    [InlineData("logs/app", "cleanup \"directory\" \"logs/app\" is relative; expected an absolute path such as /var/log/myapp")]
    [InlineData("/var/log/../../etc", "cleanup \"directory\" \"/var/log/../../etc\" contains a \"..\" segment; expected a path without parent-directory segments")]
    [InlineData("/", "cleanup \"directory\" \"/\" is the filesystem root; expected a directory below it")]
    [InlineData("//", "cleanup \"directory\" \"//\" is the filesystem root; expected a directory below it")]
    public void Directory_must_be_an_absolute_path_below_the_root_without_parent_segments(string directory, string expected) =>
        Assert.Equal([expected], Errors(Valid with { Directory = directory }));

    [Theory]
    [InlineData("/var/log/./app", "/var/log/app")]
    [InlineData("/var//log///app", "/var/log/app")]
    [InlineData("/var/log/app/", "/var/log/app")]
    [InlineData("/var/log/app", "/var/log/app")]
    [InlineData("//", "/")]
    [InlineData("logs/./app", "logs/./app")]
    [InlineData("/var/log/../app", "/var/log/../app")]
    public void A_directory_is_stored_without_dot_parts_and_repeated_or_trailing_separators_and_a_relative_or_dotdot_one_is_left_for_the_checks(
        string directory, string expected)
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(expected, CleanupPaths.Normalize(directory));
    }

    [Theory]
    [InlineData("", "cleanup \"pattern\" is empty; expected a file name pattern such as *.log")]
    [InlineData("../*.log", "cleanup \"pattern\" \"../*.log\" contains a path separator; expected a file name pattern without '/' or '\\'")]
    [InlineData("sub\\*.log", "cleanup \"pattern\" \"sub\\*.log\" contains a path separator; expected a file name pattern without '/' or '\\'")]
    [InlineData("..", "cleanup \"pattern\" \"..\" is not a file name pattern; expected up to 255 characters with * and ? wildcards, such as *.log")]
    public void Pattern_must_be_a_file_name_pattern(string pattern, string expected) =>
        Assert.Equal([expected], Errors(Valid with { Pattern = pattern }));

    [Fact]
    public void Negative_retention_is_refused() =>
        Assert.Equal(["cleanup \"retentionDays\" is -1; expected a whole number of days from 0 to 36500"], Errors(Valid with { RetentionDays = -1 }));

    [Fact]
    public void Zero_max_files_is_refused() =>
        Assert.Equal(["cleanup \"maxFiles\" is 0; expected 1 or more files to keep"], Errors(Valid with { MaxFiles = 0 }));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(-2, "-2")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1e20, "1E+20")]
    [InlineData(8796093022208, "8796093022208")]
    public void Max_size_must_be_positive_and_within_what_a_file_system_counts_naming_the_range(double mb, string shown) =>
        Assert.Equal([$"cleanup \"maxSizeMb\" is {shown}; expected a size in megabytes greater than 0 and at most 8796093022207 (8 EiB, the largest byte count a file system reports)"],
            Errors(Valid with { MaxSizeMb = mb }));

    [Fact]
    public void The_largest_size_cap_is_accepted() => Assert.Empty(Errors(Valid with { MaxSizeMb = 8796093022207 }));

    [Fact]
    public void At_least_one_policy_is_required() =>
        Assert.Equal(["cleanup has no policy; expected at least one of \"retentionDays\", \"maxFiles\" or \"maxSizeMb\""],
            Errors(Valid with { RetentionDays = null }));

    [Fact]
    public void Module_id_and_description_are_checked()
    {
        var errors = Errors(Valid with { ModuleId = "bad module", Description = new string('x', 1001) });
        Assert.Equal(
        [
            "cleanup \"description\" is 1001 characters; at most 1000 are accepted",
            "cleanup \"moduleId\" \"bad module\" is not accepted; expected 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit",
        ], errors);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Errors(new CleanupRequest("", "", -1, 0));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Missing_request_is_refused() =>
        Assert.Equal(["the cleanup request is missing; expected \"directory\", \"pattern\" and at least one policy"], Errors(null!));

    [Theory]
    [InlineData("/srv/logs", "/srv", true)]
    [InlineData("/srv", "/srv/", true)]
    [InlineData("/srv-other/logs", "/srv", false)]
    [InlineData("/", "/srv", false)]
    [InlineData("/srv/a/b", "/srv/a", true)]
    public void Containment_in_an_allowed_root_is_by_whole_path_segments(string path, string root, bool expected) =>
        Assert.Equal(expected, CleanupPaths.IsAtOrBelow(path, root));

    [Fact]
    public void Roots_are_split_like_PATH()
    {
        Assert.Equal(["/a", "/b c"], HousekeepingSettings.ParseRoots($"/a{Path.PathSeparator} /b c {Path.PathSeparator}"));
        Assert.Empty(HousekeepingSettings.ParseRoots(null));
    }
}
