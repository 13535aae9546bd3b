using Hangfire;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Tasks;
using Scheduler.Dashboard.Api;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Redis;

namespace Scheduler.Dashboard.Hosting;

public static class DashboardHostingExtensions
{
    /// <summary>Registers the dashboard's services and binds Kestrel to the configured host and port.</summary>
    public static WebApplicationBuilder AddSchedulerDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSchedulerRedis(builder.Configuration);
        services.AddSchedulerProcess("dashboard");
        services.AddOptions<SchedulerDashboardOptions>()
            .Bind(builder.Configuration.GetSection(SchedulerDashboardOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHangfire((sp, config) => config.UseStorage(sp.GetRequiredService<JobStorage>()));
        services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in TaskTypes.JsonOptions.Converters) o.SerializerOptions.Converters.Add(converter);
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, TaskTypes.JsonOptions.TypeInfoResolver!);
            o.SerializerOptions.DefaultIgnoreCondition = TaskTypes.JsonOptions.DefaultIgnoreCondition;
        });
        services.AddProblemDetails();
        var dashboard = builder.Configuration.GetSection(SchedulerDashboardOptions.Section).Get<SchedulerDashboardOptions>() ?? new();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls($"http://{dashboard.Host}:{dashboard.Port}");
        return builder;
    }

    /// <summary>Maps the Hangfire dashboard at "/" and "/hangfire", the REST API under "/api" and "/health".</summary>
    public static WebApplication MapSchedulerDashboard(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Endpoints first: Hangfire's dashboard at "" would otherwise claim every path, /api included.
        app.UseRouting();
        app.MapSchedulerApi();
        app.UseEndpoints(_ => { });
        var storage = app.Services.GetRequiredService<JobStorage>();
        var options = new DashboardOptions { DashboardTitle = "Scheduler", DisplayStorageConnectionString = false };
        app.UseHangfireDashboard("/hangfire", options, storage);
        app.UseHangfireDashboard("", options, storage);
        return app;
    }
}
