using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>Applies pending migrations and, when asked (Development), seeds the demo data.</summary>
public sealed class DatabaseInitializer(ApplicationDbContext db, DemoDataSeeder seeder)
{
    public async Task InitializeAsync(bool seedDemoData, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
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
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        if (pending > 0)
        {
            throw new StartupConfigurationException(
                $"the database has {pending} migration(s) not applied yet: run build/migrate.sh, or set Database:MigrateOnStartup=true.");
        }
    }
}
