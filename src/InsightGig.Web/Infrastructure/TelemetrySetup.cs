using System.Diagnostics;
using System.Runtime.CompilerServices;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Infrastructure.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// OpenTelemetry traces and metrics: requests (ASP.NET Core), provider and sandbox HTTP calls (HttpClient), PostgreSQL
/// commands (Npgsql), a span per background job, and the app's own meters (<see cref="InsightGigTelemetry"/>). Exported
/// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard <c>OTEL_*</c> variables configure it); with
/// neither that nor <c>Telemetry:Enabled=true</c> nothing is registered, so nothing is recorded and nothing costs.
/// </summary>
internal static class TelemetrySetup
{
    public const string EnabledSetting = "Telemetry:Enabled";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddInsightGigTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        if (!otlp && !configuration.GetValue<bool>(EnabledSetting))
        {
            return services;
        }

        AddOpenTelemetry(services, otlp);
        return services;
    }

    /// <summary>
    /// Apart, and never inlined: the JIT loads the assemblies of every type a method names when it compiles it, so with
    /// telemetry off OpenTelemetry's API, hosting and exporter assemblies are not loaded (OpenTelemetry.dll is, by MVC's
    /// scan of this assembly's types: <see cref="RedactingProcessor"/> derives from its class; docs/performance.md,
    /// "Memory: what RSS counts, and what is loaded for nothing").
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOpenTelemetry(IServiceCollection services, bool otlp)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("InsightGig.Web"))
            .WithTracing(tracing => tracing
                .AddSource(InsightGigTelemetry.Name)
                // Probes and static files would drown the requests people make.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsNoise(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                // First, so every exporter after it gets the redacted span.
                .AddProcessor(new RedactingProcessor()))
            .WithMetrics(metrics => metrics
                .AddMeter(InsightGigTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
    }

    private static bool IsNoise(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/js", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/img", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/lib", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <see cref="TelemetryRedaction"/> on every span as it ends, before any exporter sees it.</summary>
    private sealed class RedactingProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => TelemetryRedaction.Redact(data);
    }
}
