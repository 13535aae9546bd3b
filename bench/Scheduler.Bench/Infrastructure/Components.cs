using System.Diagnostics;

namespace Scheduler.Bench.Infrastructure;

/// <summary>
/// Finds the repository and the built Beat and Worker dlls (built with the bench, same configuration); builds them
/// with <c>dotnet build</c> when they are missing (e.g. the bench dll was copied elsewhere).
/// </summary>
internal static class Components
{
    public static string Root { get; } = FindRoot();

    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    /// <summary>The bench's own dll, started as a raw Hangfire server for the baseline.</summary>
    public static string BenchDll => Path.Combine(AppContext.BaseDirectory, "Scheduler.Bench.dll");

    public static string NodeDir => Path.Combine(Root, "bench", ".node");
    public static string NodeScript => Path.Combine(Root, "bench", "node", "bullmq-bench.cjs");

    public static string Dll(string project)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");
        if (File.Exists(path)) return path;
        Console.WriteLine($"  {project} is not built at {path}; building it ({Configuration})...");
        var build = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", "-c", Configuration, "-v", "q", Path.Combine(Root, "src", project, project + ".csproj") },
            UseShellExecute = false,
        })!;
        build.WaitForExit();
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} did not build to {path}", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Distributed.sln not found above " + AppContext.BaseDirectory);
    }
}
