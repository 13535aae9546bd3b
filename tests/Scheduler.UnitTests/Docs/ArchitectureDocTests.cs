using System.Text.RegularExpressions;

namespace Scheduler.UnitTests.Docs;

public sealed class ArchitectureDocTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Distributed.sln not found");
    }

    public static TheoryData<string> Documents() => ["docs/architecture.md", "README.md"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_src_path_the_document_names_exists(string document)
    {
        var root = Root();
        var text = File.ReadAllText(Path.Combine(root, document));
        var paths = Regex.Matches(text, @"`(src/[^`\s]+)`").Select(m => m.Groups[1].Value.TrimEnd('/')).Distinct().ToList();
        Assert.NotEmpty(paths);
        var missing = paths.Where(p => !File.Exists(Path.Combine(root, p)) && !Directory.Exists(Path.Combine(root, p))).ToList();
        Assert.True(missing.Count == 0, $"{document} names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_project_folder_under_src_appears_in_the_architecture_and_the_readme()
    {
        var root = Root();
        var architecture = File.ReadAllText(Path.Combine(root, "docs", "architecture.md"));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (var project in Directory.GetDirectories(Path.Combine(root, "src")).Select(Path.GetFileName))
        {
            Assert.Contains($"src/{project}", architecture);
            Assert.Contains($"src/{project}", readme);
        }
    }
}
