using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InsightGig.Infrastructure.Persistence;

/// <summary>SQLite, the embedded default. Its migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteApplicationDbContext(DbContextOptions<SqliteApplicationDbContext> options) : ApplicationDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite has no date type: store instants as sortable integers so queries can compare and order them.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        base.ConfigureConventions(configurationBuilder);
    }
}

/// <summary>PostgreSQL. Its migrations live in Persistence/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlApplicationDbContext(DbContextOptions<PostgreSqlApplicationDbContext> options) : ApplicationDbContext(options);

/// <summary>SQL Server, for production. Its migrations live in Persistence/Migrations/SqlServer.</summary>
public sealed class SqlServerApplicationDbContext(DbContextOptions<SqlServerApplicationDbContext> options) : ApplicationDbContext(options);
