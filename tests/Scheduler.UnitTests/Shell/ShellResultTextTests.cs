using System.Text.Json;
using Scheduler.Worker.Shell;

namespace Scheduler.UnitTests.Shell;

public class ShellResultTextTests
{
    private const int Max = 64 * 1024;

    private static (int ExitCode, string Stdout, string Stderr) Read(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        return (root.GetProperty("exitCode").GetInt32(), root.GetProperty("stdout").GetString()!, root.GetProperty("stderr").GetString()!);
    }

    [Fact]
    public void Non_ascii_output_is_kept_as_text_and_the_stderr_that_explains_a_failure_is_kept()
    {
        var json = ShellResultText.Compose(1, new string('世', 12_000), "ERROR: the real reason\n", Max);

        Assert.Contains("世世世", json);
        Assert.True(json.Length < Max - 16, $"{json.Length} characters");
        Assert.Equal((1, new string('世', 12_000), "ERROR: the real reason\n"), Read(json));
    }

    [Theory]
    [InlineData(70_000, 30)]
    [InlineData(60_000, 60_000)]
    [InlineData(10, 70_000)]
    public void Output_past_the_records_cap_is_cut_to_whole_json_stdout_first(int stdoutLength, int stderrLength)
    {
        var stderr = "FATAL: disk full " + new string('e', stderrLength);
        var json = ShellResultText.Compose(2, new string('a', stdoutLength) + "\"\n", stderr, Max);

        Assert.True(json.Length <= Max, $"{json.Length} characters");
        var (exitCode, stdout, kept) = Read(json);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("FATAL: disk full", kept);
        Assert.True(kept.Length >= Math.Min(stderr.Length, Max / 2 - 64), $"stderr kept {kept.Length} of {stderr.Length}");
        if (stdoutLength + stderrLength > Max) Assert.EndsWith(CappedReader.TruncatedMarker, stdoutLength > Max / 2 ? stdout : kept);
    }
}
