using System.Data.Common;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InsightGig.Infrastructure.Health;

/// <summary>Ready when the database answers and every migration this build knows is applied.</summary>
internal sealed class DatabaseHealthCheck(ApplicationDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("Reachable; every migration is applied.")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied: run build/migrate.sh.");
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException)
        {
            // Not the exception's message: a driver may quote its connection details there.
            return HealthCheckResult.Unhealthy($"The database cannot be reached ({exception.GetType().Name}).");
        }
    }
}
