using System.Text;
using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.Worker.Triggers;

/// <summary>
/// A trigger's context as environment variables for a shell task: SCHEDULER_TRIGGER_ID, SCHEDULER_TRIGGER_KIND
/// ("after" or "on"); after a task: SCHEDULER_TRIGGER_TASK, SCHEDULER_TRIGGER_RUN, SCHEDULER_TRIGGER_OUTCOME,
/// SCHEDULER_TRIGGER_RESULT, SCHEDULER_TRIGGER_ERROR; on an event: SCHEDULER_EVENT_NAME, SCHEDULER_EVENT_PAYLOAD.
/// A variable whose value is absent is not set. A value too long for one variable is written whole to a file instead,
/// named by the variable with "_FILE" appended; the files go when the returned object is disposed.
/// </summary>
internal static class TriggerEnvironment
{
    // Linux refuses a single environment string over 128 KiB (MAX_ARG_STRLEN, in bytes) and the process would not start.
    internal const int MaxValueBytes = 100_000;

    /// <summary>Sets the variables; dispose the result once the process has exited, to remove the files it wrote.</summary>
    public static IDisposable Apply(IDictionary<string, string?> environment, TriggerContext? trigger)
    {
        var spilled = new SpilledValues();
        if (trigger is null) return spilled;
        void Set(string name, string? value)
        {
            if (value is null) return;
            if (Encoding.UTF8.GetByteCount(value) <= MaxValueBytes) environment[name] = value;
            else environment[name + "_FILE"] = spilled.Write(value);
        }
        Set("SCHEDULER_TRIGGER_ID", trigger.Id);
        Set("SCHEDULER_TRIGGER_KIND", trigger.Kind);
        if (trigger.Kind == "on")
        {
            Set("SCHEDULER_EVENT_NAME", trigger.Source);
            Set("SCHEDULER_EVENT_PAYLOAD", trigger.Payload);
            return spilled;
        }
        Set("SCHEDULER_TRIGGER_TASK", trigger.Source);
        Set("SCHEDULER_TRIGGER_RUN", trigger.SourceRunId);
        Set("SCHEDULER_TRIGGER_OUTCOME", trigger.Outcome);
        Set("SCHEDULER_TRIGGER_RESULT", trigger.Result);
        Set("SCHEDULER_TRIGGER_ERROR", trigger.Error);
        return spilled;
    }

    private sealed class SpilledValues : IDisposable
    {
        private readonly List<string> _files = [];

        public string Write(string value)
        {
            var path = Path.Combine(Path.GetTempPath(), $"scheduler-trigger-{Guid.NewGuid():N}");
            // Readable by the worker's user only: a payload may carry what other users of the machine must not see.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(new FileStream(path, options), new UTF8Encoding(false)))
                writer.Write(value);
            _files.Add(path);
            return path;
        }

        public void Dispose()
        {
            foreach (var path in _files)
            {
                try { File.Delete(path); }
                catch (IOException) { } // left in the temp folder, which the system empties
                catch (UnauthorizedAccessException) { }
            }
        }
    }
}
