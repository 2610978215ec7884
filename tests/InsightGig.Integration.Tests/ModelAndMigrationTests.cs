using System.Text.RegularExpressions;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace InsightGig.Integration.Tests;

/// <summary>
/// The model and the migrations of the three providers agree. None of these needs a server: each context is built with its
/// provider and a connection string that is never opened.
/// </summary>
public sealed partial class ModelAndMigrationTests
{
    private static readonly DatabaseProvider[] AllProviders = [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer];

    public static TheoryData<DatabaseProvider> Providers => [.. AllProviders];

    internal static ApplicationDbContext CreateOffline(DatabaseProvider provider) => CreateOffline(provider, findMigrationsByNamespace: false);

    private static ApplicationDbContext CreateOffline(DatabaseProvider provider, bool findMigrationsByNamespace)
    {
        static DbContextOptions<T> With<T>(DbContextOptionsBuilder<T> builder, bool byNamespace)
            where T : DbContext =>
            byNamespace ? builder.ReplaceService<IMigrationsAssembly, MigrationsNamespaceAssembly>().Options : builder.Options;

        return provider switch
        {
            DatabaseProvider.Sqlite => new SqliteApplicationDbContext(
                With(new DbContextOptionsBuilder<SqliteApplicationDbContext>().UseSqlite("Data Source=:memory:"), findMigrationsByNamespace)),
            DatabaseProvider.PostgreSql => new PostgreSqlApplicationDbContext(
                With(new DbContextOptionsBuilder<PostgreSqlApplicationDbContext>().UseNpgsql("Host=127.0.0.1;Port=1;Database=offline"), findMigrationsByNamespace)),
            DatabaseProvider.SqlServer => new SqlServerApplicationDbContext(
                With(new DbContextOptionsBuilder<SqlServerApplicationDbContext>().UseSqlServer("Server=127.0.0.1,1;Database=offline;TrustServerCertificate=true"), findMigrationsByNamespace)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_app_finds_the_migrations_and_the_snapshot_that_efs_own_search_finds(DatabaseProvider provider)
    {
        // The app looks only in the migrations' namespace (EF's search loads every type of the assembly): same result.
        using var efs = CreateOffline(provider, findMigrationsByNamespace: false);
        using var apps = CreateOffline(provider, findMigrationsByNamespace: true);
        var expected = efs.GetService<IMigrationsAssembly>();
        var actual = apps.GetService<IMigrationsAssembly>();

        Assert.IsType<MigrationsNamespaceAssembly>(actual);
        Assert.NotEmpty(actual.Migrations);
        Assert.Equal(expected.Migrations.Select(m => (m.Key, m.Value)), actual.Migrations.Select(m => (m.Key, m.Value)));
        Assert.NotNull(actual.ModelSnapshot);
        Assert.Equal(expected.ModelSnapshot!.GetType(), actual.ModelSnapshot.GetType());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_that_a_migration_does_not_cover(DatabaseProvider provider)
    {
        using var db = CreateOffline(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes without a migration. Add one for every provider: ./build/migrations.sh <Name>");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_provider_has_migrations(DatabaseProvider provider)
    {
        using var db = CreateOffline(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Every_migration_exists_for_every_provider()
    {
        var names = AllProviders.Select(p =>
        {
            using var db = CreateOffline(p);
            return db.Database.GetMigrations().Select(id => TimestampPrefix().Replace(id, string.Empty)).ToList();
        }).ToList();

        Assert.Equal(names[0], names[1]);
        Assert.Equal(names[0], names[2]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_migration_script_creates_the_main_tables(DatabaseProvider provider)
    {
        using var db = CreateOffline(provider);

        var script = db.GetService<IMigrator>().GenerateScript();

        var (open, close) = provider switch
        {
            DatabaseProvider.SqlServer => ("[", "]"),
            _ => ("\"", "\""),
        };
        foreach (var table in new[] { "Organisations", "People", "Experts", "Briefs", "Projects", "ProjectCollaborators", "Meetings", "MeetingParticipants", "ProviderConnections", "AspNetUsers", "AspNetRoles", "DataProtectionKeys" })
        {
            Assert.Contains($"CREATE TABLE {open}{table}{close}", script, StringComparison.Ordinal);
        }

        foreach (var migration in db.Database.GetMigrations())
        {
            Assert.Contains(migration, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_SQL_Server_script_keeps_emails_unique_and_uses_datetimeoffset()
    {
        using var db = CreateOffline(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE UNIQUE INDEX [IX_People_Email] ON [People] ([Email])", script, StringComparison.Ordinal);
        Assert.Contains("datetimeoffset", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_ProviderConnections_PersonId_Provider]", script, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[0-9]{14}_")]
    private static partial Regex TimestampPrefix();
}
