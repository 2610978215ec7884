using InsightGig.Application.Directory.ListExperts;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Integration.Tests;

/// <summary>The embedded default end to end: a new SQLite file is migrated from zero, seeded and queried, as on a fresh clone.</summary>
public sealed class SqliteMigrationSmokeTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_new_file_is_migrated_from_zero_seeded_and_queried()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var db = _database.CreateDbContext())
        {
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync(cancellationToken));
        }

        await using var app = TestAppServices.Create(DatabaseProvider.Sqlite, _database.ConnectionString);
        await app.InitializeDatabaseAsync(seedDemoData: true, cancellationToken);

        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(cancellationToken));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(cancellationToken));
            Assert.Equal(10, await db.People.CountAsync(cancellationToken));
            Assert.Equal(10, await db.Users.CountAsync(cancellationToken));
        }

        var experts = await app.SendAsync(new ListExpertsQuery(), TestCurrentUser.Clara, cancellationToken);
        var project = await app.SendAsync(new GetProjectCollaborationQuery(DemoData.NorthwindProjectId), TestCurrentUser.Clara, cancellationToken);
        Assert.Equal(5, experts.Count);
        Assert.Equal(5, project.Value.Collaborators.Count);

        // Starting again on the same file (the app's second start) migrates nothing and seeds nothing twice.
        await app.InitializeDatabaseAsync(seedDemoData: true, cancellationToken);
        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal(10, await db.People.CountAsync(cancellationToken));
        }
    }
}
