namespace Scheduler.Worker.Shell;

/// <summary>A shell command exited non-zero; retryable. The message carries the result JSON (exit code and output).</summary>
public sealed class ShellCommandFailedException(int exitCode, string resultJson)
    : Exception($"exit code {exitCode}: {resultJson}")
{
    /// <summary>The command's exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
