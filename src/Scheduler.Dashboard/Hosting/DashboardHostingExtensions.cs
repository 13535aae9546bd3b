using Hangfire;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Client;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Telemetry;
using Scheduler.Dashboard.Api;
using Scheduler.Dashboard.Events;
using Scheduler.Dashboard.Security;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Hosting;

public static partial class DashboardHostingExtensions
{
    /// <summary>Largest request body accepted; bigger ones get 413 before they are read.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Registers the dashboard's services and binds Kestrel to the configured host and port.</summary>
    public static WebApplicationBuilder AddSchedulerDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        DashboardLogFilters.Apply(builder.Logging, builder.Configuration);
        services.AddSchedulerRedis(builder.Configuration);
        services.AddSchedulerProcess("dashboard");
        services.AddSingleton<DashboardMetrics>();
        services.AddSingleton<FailingCount>();
        services.AddSchedulerTelemetry(builder.Configuration, TelemetryNames.Dashboard,
            tracing => tracing.AddAspNetCoreInstrumentation(),
            metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        services.AddOptions<SchedulerDashboardOptions>()
            .Bind(builder.Configuration.GetSection(SchedulerDashboardOptions.Section))
            .RefuseUnknownSettings(builder.Configuration.GetSection(SchedulerDashboardOptions.Section), "Access")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerDashboardOptions>, DashboardHostCheck>();
        services.AddOptions<AccessOptions>().Bind(builder.Configuration.GetSection(AccessOptions.Section))
            .RefuseUnknownSettings(builder.Configuration.GetSection(AccessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        services.AddSingleton<LoginLockout>();
        services.AddSingleton<SharedLoginLockout>();
        services.AddSingleton<Pages.CleanupPreviews>();
        // The gate judges the TCP peer and the Host header. ASPNETCORE_FORWARDEDHEADERS_ENABLED would make the host
        // rewrite the peer from X-Forwarded-For sent by anyone (it clears the known proxies), so it is neutralised.
        services.PostConfigure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.None);
        // Hangfire's dashboard checks its actions' antiforgery token only when the service exists.
        services.AddAntiforgery();
        services.AddSchedulerClient(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<SchedulerRedisOptions>>().Value;
            var client = new SchedulerClientOptions
            {
                KeyPrefix = redis.KeyPrefix,
                ReplicaAcknowledgement = redis.ReplicaAcknowledgement,
                // Off only where tasks are scheduled ahead of their workers; a request's options.verify still decides per call.
                VerifyWorkers = builder.Configuration.GetValue("Scheduler:VerifyWorkers", true),
                Audit = builder.Configuration.GetSection("Scheduler:Audit").Get<Contracts.Audit.AuditRetention>() ?? new(),
            };
            return builder.Configuration["Scheduler:TimeZone"] is { } zone ? client with { DefaultTimeZone = zone } : client;
        });
        // AddHangfire points Hangfire's process-wide log provider at this host's logger factory, which is disposed
        // with the host while Hangfire keeps using it in processes that run several hosts (the integration tests).
        services.AddHangfire((sp, config) => config.UseStorage(sp.GetRequiredService<JobStorage>()).UseLogProvider(new SilentHangfireLog()));
        services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in TaskTypes.JsonOptions.Converters) o.SerializerOptions.Converters.Add(converter);
            o.SerializerOptions.Converters.Add(new WireTimestampJsonConverter());
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, TaskTypes.JsonOptions.TypeInfoResolver!.WithAddedModifier(ViewerRedaction.Apply));
            o.SerializerOptions.DefaultIgnoreCondition = TaskTypes.JsonOptions.DefaultIgnoreCondition;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusProblems.Describe);
        services.AddExceptionHandler<ApiExceptionHandler>();
        // A query value that does not bind (limit=ten) reaches the handler as an exception naming the parameter and the
        // value, instead of a bare 400 without a word.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        var dashboard = builder.Configuration.GetSection(SchedulerDashboardOptions.Section).Get<SchedulerDashboardOptions>() ?? new();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls($"http://{dashboard.Host}:{dashboard.Port}");
        return builder;
    }

    /// <summary>Maps the REST API under "/api", live events, "/health", the OpenAPI document, and Hangfire's dashboard at "/" and "/hangfire".</summary>
    public static WebApplication MapSchedulerDashboard(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before the gate, so that it can tell a WebSocket upgrade (which browsers allow cross-origin) from a read.
        var dashboard = app.Services.GetRequiredService<IOptions<SchedulerDashboardOptions>>().Value;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = dashboard.EventsPingInterval, KeepAliveTimeout = dashboard.EventsClientTimeout });
        app.UseMiddleware<AccessGate>();
        app.UseMiddleware<Api.HeadAsGet>();
        if (string.Equals(app.Configuration["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase))
            LogForwardedHeadersIgnored(app.Logger);
        // Endpoints first: Hangfire's dashboard at "" would otherwise claim every path, /api included.
        app.UseRouting();
        app.UseMiddleware<Api.KnownQueryParameters>();
        app.MapSchedulerApi();
        app.MapEventSocket();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.Services.GetRequiredService<DashboardMetrics>();
        app.UseEndpoints(_ => { });
        var storage = app.Services.GetRequiredService<JobStorage>();
        var options = new DashboardOptions
        {
            DashboardTitle = "Scheduler",
            DisplayStorageConnectionString = false,
            Authorization = [new GateAuthorizationFilter()],
            // The gate refuses the viewer's writes; this also hides Hangfire's action buttons from the viewer.
            IsReadOnlyFunc = context => Actors.IsViewer(Hangfire.Dashboard.AspNetCoreDashboardContextExtensions.GetHttpContext(context)),
        };
        Pages.SchedulerPages.Register();
        // Only requests no endpoint took reach here, i.e. Hangfire's; its actions are audited as the API's are.
        app.UseMiddleware<Audit.HangfireActionAudit>();
        app.UseMiddleware<HangfireRequestGuard>();
        app.UseMiddleware<DashboardPageLanguage>();
        app.UseHangfireDashboard("/hangfire", options, storage);
        app.UseHangfireDashboard("", options, storage);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ASPNETCORE_FORWARDEDHEADERS_ENABLED is ignored: the dashboard trusts only the connection's own address and Host header. "
        + "Behind a reverse proxy set Scheduler:Dashboard:Access:TrustLoopback=false and configure credentials")]
    private static partial void LogForwardedHeadersIgnored(ILogger logger);
}
