using Hangfire.Logging;

namespace Scheduler.Dashboard.Hosting;

/// <summary>The dashboard does no job processing; Hangfire's internal log lines are not needed here.</summary>
internal sealed class SilentHangfireLog : ILogProvider, ILog
{
    public ILog GetLogger(string name) => this;

    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}
