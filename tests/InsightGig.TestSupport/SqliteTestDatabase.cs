using InsightGig.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.TestSupport;

/// <summary>A SQLite database in a temporary file of its own, deleted on dispose.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _folder;

    public SqliteTestDatabase()
    {
        _folder = Path.Combine(Path.GetTempPath(), "insightgig-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        FilePath = Path.Combine(_folder, "insightgig.db");
        ConnectionString = $"Data Source={FilePath}";
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public SqliteApplicationDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<SqliteApplicationDbContext>().UseSqlite(ConnectionString).Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary file left behind is harmless.
        }
    }
}
