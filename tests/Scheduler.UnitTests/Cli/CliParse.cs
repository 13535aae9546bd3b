using Scheduler.Cli;

namespace Scheduler.UnitTests.Cli;

/// <summary>
/// Runs a command line whose input is refused while parsing or checking, which happens before any connection: Redis
/// is given as a port nothing listens on, so a command that got as far as connecting ends with exit 4, not a hang.
/// </summary>
internal static class CliParse
{
    public static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunWithAsync(new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="variables"/> added to the environment.</summary>
    public static async Task<(int Code, string Out, string Err)> RunWithAsync(IDictionary<string, string?> variables, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var environment = new Dictionary<string, string?>(variables) { ["SCHEDULER_REDIS"] = "127.0.0.1:1", ["SCHEDULER_VERIFY"] = "false" };
        var code = await SchedulerCli.RunAsync(args, output, error, name => environment.GetValueOrDefault(name));
        return (code, output.ToString(), error.ToString());
    }
}
