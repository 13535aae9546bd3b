using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>One line per fault, written to the test output and appended to reliability.txt beside the test binary.</summary>
public static class ReliabilityReport
{
    public const string Category = "Reliability";
    private static readonly object Gate = new();

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "reliability.txt");

    /// <summary>Larger runs on demand (./reliability.sh sets SCHEDULER_RELIABILITY_FULL=1); CI keeps the quick variant.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("SCHEDULER_RELIABILITY_FULL") == "1";

    public static void Write(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        lock (Gate) File.AppendAllText(FilePath, $"{DateTimeOffset.UtcNow:O} {line}{Environment.NewLine}");
    }
}
