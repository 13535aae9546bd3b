using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Plugins.Declarations;

internal sealed partial class DeclarationRegistrar
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Plugin {Plugin}: {Declared} schedule(s) declared; {Written} written, {Unchanged} unchanged, {Refused} refused, {Orphaned} no longer declared")]
    private partial void LogSummary(string plugin, int declared, int written, int unchanged, int refused, int orphaned);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plugin {Plugin} declares no schedules")]
    private partial void LogNoneDeclared(string plugin);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering the declared schedules of plugin {Plugin} failed: {Reason}")]
    private partial void LogFailed(string plugin, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {Plugin} schedule {ScheduleId} registered as task {TaskId} ({Outcome})")]
    private partial void LogRegistered(string plugin, string scheduleId, string taskId, ScheduleOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Plugin {Plugin} schedule {ScheduleId} written as task {TaskId} ({Outcome}), but not registered yet: {Reason}")]
    private partial void LogWrittenUnacknowledged(string plugin, string scheduleId, string taskId, ScheduleOutcome outcome, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin {Plugin} schedule {ScheduleId} is not registered: {Problem}")]
    private partial void LogInvalid(string plugin, string scheduleId, string problem);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Plugin {Plugin} schedule {ScheduleId} is not registered: task id {TaskId} is held by a task the plugin did not declare; delete or rename that task")]
    private partial void LogForeign(string plugin, string scheduleId, string taskId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plugin {Plugin} schedule {TaskId} is {Status} with its declaration unchanged: not scheduled again")]
    private partial void LogKeptEnded(string plugin, string taskId, string status);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Plugin {Plugin} no longer declares schedule {TaskId}: tagged " + Contracts.Plugins.DeclaredSchedules.OrphanedTag + " and {Action}. " +
                  "Remove it with 'scheduler delete {TaskId}' (or 'scheduler cancel {TaskId}' to keep its history), or resume it to keep it running")]
    private partial void LogOrphaned(string plugin, string taskId, string action);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Plugin {Plugin} no longer declares schedule {TaskId} ({Status}); remove it with 'scheduler delete {TaskId}' or 'scheduler cancel {TaskId}'")]
    private partial void LogStillOrphaned(string plugin, string taskId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin {Plugin}'s declared schedules could not be read, so none is registered or reported: {Reason}")]
    private partial void LogUnreadable(string plugin, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin \"{Plugin}\" declares no schedules here: its name is not {Shape}")]
    private partial void LogBadPluginName(string plugin, string shape);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared schedules of plugin {Plugin} not registered yet: {Reason}; trying again every {Delay}")]
    private partial void LogRetrying(string plugin, string reason, TimeSpan delay);
}
