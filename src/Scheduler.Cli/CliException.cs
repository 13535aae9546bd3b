namespace Scheduler.Cli;

/// <summary>Ends a command with an exit code and one line for the user.</summary>
internal sealed class CliException(int exitCode, string message, Exception? cause = null) : Exception(message, cause)
{
    public int ExitCode { get; } = exitCode;
}
