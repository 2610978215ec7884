using System.Text.Json;
using InsightGig.Infrastructure.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InsightGig.Web.Endpoints;

/// <summary>
/// <c>/health/live</c>: the process serves requests (no checks; a load balancer restarts it otherwise).
/// <c>/health/ready</c>: it can do its work: database reachable with every migration applied, this instance's job server
/// beating, the key ring usable (each Unhealthy → 503); providers that stopped answering are reported as Degraded (200:
/// the app goes on and converges later). Both answer JSON listing the checks; anonymous, as probes are, so the body holds
/// only statuses and our own one-line descriptions: no exception messages, connection strings, hosts or accounts.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthRegistration.Ready),
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                // A check that threw would show the exception's message: only its type is shown.
                description = entry.Value.Exception is { } thrown ? $"The check failed ({thrown.GetType().Name})." : entry.Value.Description,
                durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                data = entry.Value.Data.Count == 0 ? null : entry.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
