using Scheduler.Cli;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// The CLI's entry point run in this process, with its environment given rather than read from the developer's
/// shell: exit code, stdout and stderr, as a user would see them, in milliseconds instead of a child process' seconds.
/// </summary>
public static class InProcessCli
{
    /// <summary>
    /// What a command line sees of a Redis and key prefix. Most tests schedule with no worker running, so the
    /// live-worker check is off; with <paramref name="verifyWorkers"/> SCHEDULER_VERIFY is left unset and the CLI's
    /// own default (on) applies. The dictionary is the caller's to add to.
    /// </summary>
    public static Dictionary<string, string?> Environment(string connection, string prefix, bool verifyWorkers = false)
    {
        var environment = new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = connection, ["SCHEDULER_PREFIX"] = prefix };
        if (!verifyWorkers) environment["SCHEDULER_VERIFY"] = "false";
        return environment;
    }

    /// <summary>What a command line sees of a test's own slice of Redis.</summary>
    public static Dictionary<string, string?> Environment(RedisTestContext redis, bool verifyWorkers = false) =>
        Environment(redis.ConnectionString, redis.KeyPrefix, verifyWorkers);

    /// <summary>Runs one command line against <paramref name="redis"/> with the live-worker check off.</summary>
    public static Task<(int Code, string Out, string Err)> RunAsync(RedisTestContext redis, params string[] args) =>
        RunAsync(Environment(redis), args);

    /// <summary>Runs one command line that sees only <paramref name="environment"/>.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await SchedulerCli.RunAsync(args, output, error, name => environment.GetValueOrDefault(name));
        return (code, output.ToString(), error.ToString());
    }
}
