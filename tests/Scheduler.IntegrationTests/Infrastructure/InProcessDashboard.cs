using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scheduler.Dashboard.Hosting;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// The dashboard on Kestrel at http://127.0.0.1:&lt;free port&gt; inside the test process. A test-only start-up filter
/// lets a request pose as coming from another machine (header <see cref="RemoteIpHeader"/>).
/// </summary>
public sealed class InProcessDashboard : IAsyncDisposable
{
    public const string RemoteIpHeader = "X-Test-Remote-Ip";
    private readonly WebApplication _app;

    private InProcessDashboard(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }

    public static async Task<InProcessDashboard> StartAsync(RedisTestContext redis, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(redis.Settings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddTransient<IStartupFilter, RemoteAddressFilter>();
        builder.AddSchedulerDashboard();
        var app = builder.Build();
        app.MapSchedulerDashboard();
        try { await app.StartAsync(); }
        catch
        {
            // A start refused by options validation must not leave the host (and its Redis connection) behind.
            await app.DisposeAsync();
            throw;
        }
        return new InProcessDashboard(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteIpHeader, out var ip)) context.Connection.RemoteIpAddress = IPAddress.Parse(ip!);
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
