using InsightGig.Infrastructure.Persistence.Seeding;
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
}
