using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;

namespace InsightGig.Integration.Tests;

/// <summary>A migrated PostgreSQL database of the test class's own, with the app's services on it.</summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    public PostgreSqlTestDatabase Database { get; } = new();

    public TestAppServices App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = TestAppServices.Create(DatabaseProvider.PostgreSql, Database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
