using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scheduler.Contracts.Telemetry;

namespace Scheduler.Runtime.Hosting;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Traces and metrics of every Scheduler component plus outgoing HTTP (webhooks, MCP over HTTP), exported over OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OpenTelemetry variables configure the rest); without
    /// it only metrics are collected (for the dashboard's <c>/metrics</c>).
    /// </summary>
    public static IServiceCollection AddSchedulerTelemetry(this IServiceCollection services, IConfiguration configuration, string component,
        Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(component, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(builder =>
            {
                builder.AddMeter([.. TelemetryNames.All]).AddHttpClientInstrumentation();
                metrics?.Invoke(builder);
                if (otlp) builder.AddOtlpExporter();
            });
        // Spans nobody exports are pure cost on every fire and run, so tracing is on only with an exporter. The trace
        // context still flows from a traced client through the task record and the job to the worker.
        if (otlp)
        {
            telemetry.WithTracing(builder =>
            {
                builder.AddSource([.. TelemetryNames.All]).AddHttpClientInstrumentation();
                tracing?.Invoke(builder);
                builder.AddOtlpExporter();
            });
        }
        return services;
    }
}
