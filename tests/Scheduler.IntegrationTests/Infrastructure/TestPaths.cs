namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>Where the projects built alongside the tests (sample plugin, MCP test server) put their output.</summary>
public static class TestPaths
{
    // The test binary runs from tests/Scheduler.IntegrationTests/bin/<Configuration>/<tfm>/.
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Configuration => Output.Parent!.Name;

    public static string TargetFramework => Output.Name;

    public static string RepositoryRoot => Output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string SamplePluginDll => Built("samples/Scheduler.SamplePlugin", "Scheduler.SamplePlugin.dll");

    /// <summary>The built dll of a component under src/ (beat, worker, dashboard, CLI).</summary>
    public static string ComponentDll(string project) =>
        Built($"src/{project}", (project == "Scheduler.Cli" ? "scheduler" : project) + ".dll");

    public static string BenchDll => Built("bench/Scheduler.Bench", "Scheduler.Bench.dll");

    public static string McpTestServerDll => Built("tests/Scheduler.McpTestServer", "Scheduler.McpTestServer.dll");

    private static string Built(string project, string file)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, TargetFramework, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build the solution first", path);
    }

    /// <summary>A fresh temporary directory, deleted when disposed.</summary>
    public static TempDirectory CreateTempDirectory(string name) => new(name);

    public sealed class TempDirectory : IDisposable
    {
        internal TempDirectory(string name) =>
            Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"scheduler-{name}-{Guid.NewGuid():N}")).FullName;

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
