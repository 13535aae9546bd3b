using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scheduler.Dashboard.Hosting;

namespace Scheduler.UnitTests.Dashboard;

/// <summary>A health probe or a metrics scrape writes no log line; an operator who asks for ASP.NET Core's lines gets them.</summary>
public sealed class DashboardLogFiltersTests
{
    private static ILoggerFactory Factory(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(logging =>
            {
                logging.AddConfiguration(configuration.GetSection("Logging"));
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddProvider(new EveryLevel());
                DashboardLogFilters.Apply(logging, configuration);
            })
            .BuildServiceProvider().GetRequiredService<ILoggerFactory>();
    }

    // A provider that would write every line: what is enabled is then what the filters let through.
    private sealed class EveryLevel : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) { }
        public void Dispose() { }
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("Microsoft.AspNetCore.Http.Result.OkObjectResult")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    public void Per_request_lines_of_asp_net_core_are_not_written_at_information(string category)
    {
        var logger = Factory(new Dictionary<string, string?>()).CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void The_dashboard_s_own_lines_stay_at_information() =>
        Assert.True(Factory(new Dictionary<string, string?>()).CreateLogger("Scheduler.Dashboard.Api.ApiExceptionHandler").IsEnabled(LogLevel.Information));

    [Fact]
    public void A_configured_level_for_asp_net_core_is_kept()
    {
        var logger = Factory(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" })
            .CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware");

        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}
