using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Tasks;

public sealed class TaskIdsTests
{
    [Theory]
    [InlineData("nightly-backup")]
    [InlineData("a.b_c-1")]
    [InlineData(".hidden")]
    [InlineData("v1.2.")]
    public void Letters_digits_dots_underscores_and_dashes_make_an_id(string id) => Assert.True(TaskIds.IsValid(id));

    [Theory]
    // "." and ".." are removed from a URL's path by every parser: /api/tasks/./schedule reaches the task "schedule".
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a*")]
    public void Dots_alone_path_and_glob_characters_are_not_an_id(string id) => Assert.False(TaskIds.IsValid(id));

    [Fact]
    public void New_ids_are_valid() => Assert.True(TaskIds.IsValid(TaskIds.New()));
}
