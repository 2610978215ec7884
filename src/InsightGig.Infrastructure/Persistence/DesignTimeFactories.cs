using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InsightGig.Infrastructure.Persistence;

// Used by `dotnet ef migrations add` only (build/migrations.sh); no database is contacted to generate migrations.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteApplicationDbContext>
{
    public SqliteApplicationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteApplicationDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlApplicationDbContext>
{
    public PostgreSqlApplicationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlApplicationDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerApplicationDbContext>
{
    public SqlServerApplicationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerApplicationDbContext>().UseSqlServer("Server=localhost;Database=design;TrustServerCertificate=true").Options);
}
