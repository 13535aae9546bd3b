using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps what in-process hosts log, from <paramref name="minimum"/> (<see cref="LogLevel.Information"/> unless told) up
/// whatever the host's minimum, so a test can wait for a component to say it is done and assert what it reported.
/// </summary>
public sealed class CapturedLogs(LogLevel minimum = LogLevel.Information) : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly LogLevel _minimum = minimum;

    public sealed record Entry(string Category, LogLevel Level, string Message);

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>
    /// Called with each entry, on the logging thread, before the logging call returns: a test can act at the exact point
    /// a component says something (e.g. make a race happen there), the component waiting meanwhile.
    /// </summary>
    public Action<Entry>? OnEntry { get; set; }

    /// <summary>Adds this provider to a host's services (any number of hosts may share one).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(CapturedLogs).FullName, null, _minimum, null)));
    }

    /// <summary>The messages of <paramref name="category"/>'s (full type name ending) entries at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> Messages(string category, LogLevel level = LogLevel.Information) =>
        [.. Entries.Where(e => e.Category.EndsWith(category, StringComparison.Ordinal) && e.Level >= level).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var entry = new Entry(category, logLevel, formatter(state, exception));
            owner._entries.Enqueue(entry);
            owner.OnEntry?.Invoke(entry);
        }
    }
}
