namespace Scheduler.UnitTests.Docs;

public sealed class ReadmeTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Distributed.sln not found");
    }

    [Fact]
    public void Readme_example_is_the_compiled_sample_app()
    {
        var readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        var sample = File.ReadAllText(Path.Combine(Root(), "samples", "Scheduler.SampleApp", "Program.cs")).TrimEnd();
        Assert.Contains("```csharp\n" + sample + "\n```", readme);
    }

    [Fact]
    public void Readme_opens_with_the_run_and_test_commands_and_ci_runs_the_test_command()
    {
        var root = Root();
        var opening = File.ReadLines(Path.Combine(root, "README.md")).Take(6).ToList();
        Assert.Contains(opening, line => line.StartsWith("./run.sh"));
        Assert.Contains(opening, line => line.StartsWith("./test.sh"));
        Assert.Contains("exec ./test.sh", File.ReadAllText(Path.Combine(root, ".ci", "run")));
    }
}
