namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>Finds the repository and the built component dlls (built with this test project, same configuration).</summary>
public static class Solution
{
    public static string Root { get; } = FindRoot();

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string Dll(string project)
    {
        var assembly = project == "Scheduler.Cli" ? "scheduler" : project;
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built at {path}; build Distributed.sln first", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Distributed.sln not found above " + AppContext.BaseDirectory);
    }
}
