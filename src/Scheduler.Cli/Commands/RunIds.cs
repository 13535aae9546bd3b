using System.Text.RegularExpressions;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// Run ids as the CLI is given them, checked before Redis is asked: "&lt;taskId&gt;:&lt;instant&gt;", where a run's
/// instant is its due time in Unix milliseconds ("t1:1764500000000"), a run asked for by hand "t&lt;ms&gt;" and one a
/// trigger started "e&lt;n&gt;". A value of another shape names no run of any task (exit 2, not a wait that times out).
/// </summary>
internal static partial class RunIds
{
    private const string Expected = "expected \"<taskId>:<instant>\" as 'scheduler runs' and 'scheduler failed' list them";

    /// <summary>
    /// The task part of <paramref name="runId"/>, after the check the REST API makes of a run to retry: a task id, ':'
    /// and something after it. A malformed one is bad input.
    /// </summary>
    public static string TaskOf(string runId, string option)
    {
        return Contracts.Runs.RunRequestStore.WellFormedTaskOf(runId) ?? throw new CliException(ExitCodes.BadInput,
            $"{option} \"{TaskIds.Shown(runId)}\" is not a run id; {Expected} (the task id: {TaskIds.Accepted})");
    }

    /// <summary>
    /// Checks that <paramref name="runId"/> is a run id of any of the shapes runs have, of the task <paramref name="taskId"/>.
    /// </summary>
    public static void CheckOf(string runId, string taskId, string option)
    {
        var owner = TaskOf(runId, option);
        if (!Instant().IsMatch(runId[(owner.Length + 1)..]))
            throw new CliException(ExitCodes.BadInput, $"{option} \"{TaskIds.Shown(runId)}\" is not a run id; {Expected}, e.g. {taskId}:1764500000000");
        if (owner != taskId)
            throw new CliException(ExitCodes.BadInput, $"{option} \"{TaskIds.Shown(runId)}\" is a run of task {owner}, not of {taskId}");
    }

    // A due instant in Unix milliseconds (before 1970 too), a run by hand ("t" and the ms it was asked at), a trigger's ("e" and its number).
    [GeneratedRegex(@"^(-?[0-9]{1,19}|t[0-9]{1,19}|e[0-9]{1,19})$")]
    private static partial Regex Instant();
}
