using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Housekeeping;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler cleanup run [id] [--dry-run]</c>: runs one or every registration (higher priority first) on this machine and prints the
/// counts (a dry run also names the files it would delete). Exit code 1 when any registration reported an error (a refused directory, an undeletable file).
/// </summary>
internal static class CleanupRunCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string?>("id") { Description = "Cleanup registration id; every registration when omitted", Arity = ArgumentArity.ZeroOrOne }.AcceptsIds("cleanup registration id");
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count what would be deleted" };
        var command = new Command("run", "Run cleanups now on this machine, within $" + HousekeepingSettings.AllowedRootsVariable) { id, dryRun };
        command.SetAction(context.Connected(_ =>
        {
            var roots = CleanupCommand.AllowedRoots(context);
            if (roots.Count == 0)
                throw new CliException(ExitCodes.BadInput,
                    $"no allowed roots, so every cleanup is refused; set {HousekeepingSettings.AllowedRootsVariable} to the absolute paths cleanups may work in");
            return roots;
        }, async (parse, roots, client, ct) =>
        {
            var registrationId = parse.GetValue(id);
            var report = await client.RunCleanupAsync(registrationId, parse.GetValue(dryRun), roots, ct)
                ?? throw new CliException(ExitCodes.NotFound, $"no cleanup registration with id \"{registrationId}\"");
            await context.PrintAsync(parse, report, o => WriteAsync(o, report));
            return report.ErrorCount > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task WriteAsync(TextWriter output, CleanupReport report)
    {
        await output.WriteAsync(Formatting.Table(
            ["ID", "DIRECTORY", "EXAMINED", report.DryRun ? "WOULD DELETE" : "DELETED", "BYTES", "ERRORS"],
            report.Results.Select(r => (IReadOnlyList<string>)
                [r.RegistrationId, r.Directory, r.FilesExamined.ToString(), r.FilesDeleted.ToString(), r.BytesFreed.ToString(), r.Errors.Count.ToString()])));
        foreach (var result in report.Results)
        foreach (var error in result.Errors)
            await output.WriteLineAsync($"{result.RegistrationId}: {error}");
        // A dry run is asked for to see what would go: the files by name, not only their count (up to what the result lists).
        if (report.DryRun)
            foreach (var result in report.Results)
            {
                foreach (var file in result.Files) await output.WriteLineAsync($"{result.RegistrationId}: would delete {file}");
                if (result.FilesDeleted > result.Files.Count)
                    await output.WriteLineAsync($"{result.RegistrationId}: … and {result.FilesDeleted - result.Files.Count} more (the first {result.Files.Count} are named)");
            }
        await output.WriteLineAsync(report.DryRun
            ? $"dry run: {report.FilesDeleted} file(s), {report.BytesFreed} bytes would be deleted; nothing changed"
            : $"deleted {report.FilesDeleted} file(s), freed {report.BytesFreed} bytes");
    }
}
