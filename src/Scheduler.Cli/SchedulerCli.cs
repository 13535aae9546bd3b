using System.CommandLine;
using Scheduler.Cli.Commands;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using StackExchange.Redis;

namespace Scheduler.Cli;

/// <summary>Builds the command tree and runs one command line, mapping every failure to an exit code and one line.</summary>
internal static class SchedulerCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment) =>
        RunAsync(args, new CliContext(output, error, environment));

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = Build(context);
        // Response files (@file) are off: specs such as "@weekly" and "@daily" start with '@' and must reach the
        // command as written, in every argument that takes a spec.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            var errors = UnknownCommand.Problem(parse) is { } unknown ? [unknown] : OptionValues.Errors(parse).ToList();
            // As a command's own errors: under --json one object on stdout, so a script reads every failure one way.
            if (parse.GetValue(context.Json))
            {
                await context.Out.WriteLineAsync(Output.Formatting.Json(new { error = string.Join("; ", errors) }));
                return ExitCodes.BadInput;
            }
            foreach (var error in errors) await context.Error.WriteLineAsync($"error: {error}");
            // The help of the command the line got to: its arguments and options, not the list of commands.
            await context.Error.WriteLineAsync($"run '{MissingInput.CommandPath(parse.CommandResult)} --help' for usage");
            return ExitCodes.BadInput;
        }
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            // Written aside first: its list of commands shows an optional argument as optional (Output.HelpLabels).
            var help = new StringWriter();
            var code = await parse.InvokeAsync(new InvocationConfiguration { Output = help, Error = context.Error });
            await context.Out.WriteAsync(Output.HelpLabels.Rewrite(parse.CommandResult.Command, help.ToString()));
            return code;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error });
    }

    /// <summary>
    /// The command tree, with every number and enum option's value checked in the CLI's words (<see cref="OptionValues"/>)
    /// and its help written in them (<see cref="Output.HelpLabels"/>).
    /// </summary>
    internal static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("scheduler: schedule, inspect and manage Scheduler tasks");
        root.Options.Add(context.Redis);
        root.Options.Add(context.Prefix);
        root.Options.Add(context.Json);
        root.Options.Add(context.Verbose);
        root.Options.Add(context.As);
        root.Options.Add(context.ReplicaAck);
        root.Options.Add(context.ReplicaAckTimeout);
        root.Subcommands.Add(ScheduleCommand.Create(context));
        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(InfoCommand.Create(context));
        foreach (var transition in TransitionCommand.Create(context)) root.Subcommands.Add(transition);
        root.Subcommands.Add(DeleteCommand.Create(context));
        root.Subcommands.Add(CancelCommand.Create(context));
        root.Subcommands.Add(StopCommand.Create(context));
        root.Subcommands.Add(RescheduleCommand.Create(context));
        root.Subcommands.Add(UpdateCommand.Create(context));
        root.Subcommands.Add(RunsCommand.Create(context));
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(TriggerCommand.Create(context));
        root.Subcommands.Add(Triggers.PublishCommand.Create(context));
        root.Subcommands.Add(WaitCommand.Create(context));
        root.Subcommands.Add(EventsCommand.Create(context));
        root.Subcommands.Add(ParseCommand.Create(context));
        root.Subcommands.Add(CleanupCommand.Create(context));
        root.Subcommands.Add(HealthCommand.Create(context));
        root.Subcommands.Add(WorkersCommand.Create(context));
        root.Subcommands.Add(QueuesCommand.Create(context));
        root.Subcommands.Add(FlowCommand.Create(context));
        root.Subcommands.Add(ActiveCommand.Create(context));
        root.Subcommands.Add(FailedCommand.Create(context));
        root.Subcommands.Add(RetryCommand.Create(context));
        root.Subcommands.Add(DismissCommand.Create(context));
        root.Subcommands.Add(BackfillCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(ApplyCommand.Create(context));
        OptionValues.CheckAll(root);
        Output.HelpLabels.Apply(root);
        return root;
    }

    /// <summary>Wraps a command body so every expected failure becomes its exit code and one line on stderr.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(CliContext context, Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            var started = context.Time.GetTimestamp();
            try
            {
                var code = await body(parse, cancellationToken);
                await context.TraceAsync(parse, $"done in {context.Time.GetElapsedTime(started).TotalMilliseconds:0} ms, exit code {code}");
                return code;
            }
            catch (CliException e)
            {
                return await FailAsync(context, parse, e.ExitCode, e.Message, e);
            }
            catch (Exception e) when (e is ScheduleSpecException or InvalidTaskException or InvalidCleanupException or Contracts.Capabilities.TaskNotOfferedException
                                           or Contracts.Runs.InvalidBackfillException)
            {
                return await FailAsync(context, parse, ExitCodes.BadInput, e is InvalidTaskException ? Output.OptionTerms.InCliTerms(e.Message) : e.Message, e);
            }
            catch (ConcurrentUpdateException e)
            {
                return await FailAsync(context, parse, ExitCodes.Conflict, e.Message, e);
            }
            // A run that is not failed (retry) or not in progress, a one-shot's run (stop): the runs' state refuses it, as
            // REST answers 409 for the same, not the command line.
            catch (Exception e) when (e is Contracts.Runs.RetryRefusedException or Contracts.Runs.RunStopRefusedException)
            {
                return await FailAsync(context, parse, ExitCodes.Conflict, e.Message, e);
            }
            catch (InvalidTransitionException e)
            {
                // The request was well formed; the task's state refuses it (REST answers 409 for the same).
                return await FailAsync(context, parse, ExitCodes.Conflict, e.Message, e);
            }
            catch (ScheduleConflictException e)
            {
                return await FailAsync(context, parse, ExitCodes.Conflict, $"{e.Message} (schedule ... --replace, or scheduler delete {e.TaskId})", e);
            }
            catch (ReplicaAcknowledgementException e)
            {
                return await FailAsync(context, parse, ExitCodes.NotAcknowledged, CliContext.NotAcknowledged(e), e);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                return await FailAsync(context, parse, ExitCodes.RedisUnreachable, $"lost the connection to Redis: {Contracts.Storage.RedisFailure.Describe(e)}", e);
            }
            catch (ArgumentException e)
            {
                // The client's own checks of what it was given (an empty run id, an event id that is none, an instant out of range).
                var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
                return await FailAsync(context, parse, ExitCodes.BadInput, message, e);
            }
            catch (RedisServerException e)
            {
                // A transaction Redis aborted names no reason: say what it usually is.
                var aborted = Contracts.Storage.RedisReadiness.IsQueuingRefusal(e)
                    ? " (Redis refused one of its commands while queuing it: usually memory full at maxmemory, a replica, or too few replicas; try again shortly)"
                    : "";
                return await FailAsync(context, parse, ExitCodes.Failure, $"Redis refused the request: {e.Message.Split('\n')[0]}{aborted}", e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never a stack trace: the type and first line say enough to report it; --verbose adds the causes.
                return await FailAsync(context, parse, ExitCodes.Failure,
                    $"internal error ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}); rerun with --verbose for its causes", e);
            }
        };

    private static async Task<int> FailAsync(CliContext context, ParseResult parse, int code, string message, Exception cause)
    {
        // Every cause's type and first line, never a stack trace: enough to tell a refused AUTH from a DNS failure.
        for (var e = cause is CliException ? cause.InnerException : cause; e is not null; e = e.InnerException)
            await context.TraceAsync(parse, $"cause: {e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}");
        if (parse.GetValue(context.Json)) await context.Out.WriteLineAsync(Output.Formatting.Json(new { error = message }));
        else await context.Error.WriteLineAsync($"error: {message}");
        return code;
    }
}
