namespace Scheduler.UnitTests.MethodCalls;

public sealed class MethodCallReadmeTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Distributed.sln not found");
    }

    [Fact]
    public void Readme_method_call_example_is_the_compiled_method_call_sample()
    {
        var readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        var sample = File.ReadAllText(Path.Combine(Root(), "samples", "Scheduler.MethodCallSample", "Program.cs")).TrimEnd();

        Assert.Contains("### Scheduling a method call", readme);
        Assert.Contains("```csharp\n" + sample + "\n```", readme);
    }
}
