using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;

namespace InsightGig.Application.Tests;

/// <summary>A temporary SQLite database, migrated and seeded with the demo data by <c>DemoDataSeeder</c>, shared by a test class that only reads.</summary>
public sealed class SeededSqliteFixture : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public TestAppServices App { get; private set; } = null!;

    public SqliteApplicationDbContext CreateDbContext() => _database.CreateDbContext();

    public async ValueTask InitializeAsync()
    {
        App = TestAppServices.Create(DatabaseProvider.Sqlite, _database.ConnectionString);
        await App.InitializeDatabaseAsync(seedDemoData: true);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _database.Dispose();
    }
}
