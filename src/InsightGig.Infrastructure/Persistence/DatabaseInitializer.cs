using System.Data.Common;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>Applies pending migrations and, when asked (Development), seeds the demo data.</summary>
public sealed class DatabaseInitializer(ApplicationDbContext db, DemoDataSeeder seeder)
{
    public async Task InitializeAsync(bool seedDemoData, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception exception) when (DriverFailure(exception) is { } failure)
        {
            throw Unreachable(failure);
        }

        if (seedDemoData)
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Refuses a database that migrations have not caught up with: without this an unmigrated database would answer every
    /// page with a 500 ("no such table") instead of telling the operator what to run.
    /// </summary>
    public async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        int pending;
        try
        {
            pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        }
        catch (Exception exception) when (DriverFailure(exception) is { } failure)
        {
            throw Unreachable(failure);
        }

        if (pending > 0)
        {
            throw new StartupConfigurationException(
                $"the database has {pending} migration(s) not applied yet: run build/migrate.sh, or set Database:MigrateOnStartup=true.");
        }
    }

    /// <summary>The driver's own failure, also when a retrying execution strategy (SQL Server's) gave up on it.</summary>
    private static DbException? DriverFailure(Exception exception) => exception as DbException ?? exception.InnerException as DbException;

    /// <summary>A database that cannot be reached at start: one line naming the provider and the driver's reason, not a dump.</summary>
    private StartupConfigurationException Unreachable(DbException exception) => new(
        $"the database could not be reached ({db.Database.ProviderName}): {exception.Message.ReplaceLineEndings(" ")} Check ConnectionStrings and that the server is up.",
        exception);
}
