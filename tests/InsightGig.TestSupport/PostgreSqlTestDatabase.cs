using System.Globalization;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respawn;
using Respawn.Graph;
using Xunit;

namespace InsightGig.TestSupport;

/// <summary>
/// A real PostgreSQL database of its own for one test class or collection: created with a unique name, migrated with
/// <see cref="PostgreSqlApplicationDbContext"/>'s migrations, emptied between tests by <see cref="ResetAsync"/> (Respawn,
/// keeping the migrations history) and dropped at the end.
/// </summary>
/// <remarks>
/// The server comes from <c>INSIGHTGIG_TEST_POSTGRES</c>, a connection string without a database name (or naming the
/// maintenance database to connect to for CREATE/DROP DATABASE), for example
/// <c>Host=127.0.0.1;Port=55432;Username=insightgig;Password=insightgig</c>. <c>./build/test.sh</c> starts the server and
/// sets it. Without it the tests that need PostgreSQL fail (they never skip): a green run always includes them.
/// </remarks>
public sealed class PostgreSqlTestDatabase : IAsyncLifetime
{
    public const string EnvironmentVariable = "INSIGHTGIG_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private Respawner? _respawner;

    public PostgreSqlTestDatabase()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so the PostgreSQL tests cannot run. Run ./build/test.sh (it installs and starts " +
                $"PostgreSQL and sets {EnvironmentVariable}), or start it with ./build/postgres.sh and export {EnvironmentVariable} " +
                "with the connection string that script prints.");
        }

        var builder = new NpgsqlConnectionStringBuilder(server);
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        _serverConnectionString = builder.ConnectionString;
        DatabaseName = string.Create(CultureInfo.InvariantCulture, $"insightgig_test_{Guid.NewGuid():N}")[..40];
        builder.Database = DatabaseName;
        ConnectionString = builder.ConnectionString;
    }

    /// <summary>The unique database of this fixture.</summary>
    public string DatabaseName { get; }

    /// <summary>A connection string to <see cref="DatabaseName"/>.</summary>
    public string ConnectionString { get; }

    public PostgreSqlApplicationDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<PostgreSqlApplicationDbContext>().UseNpgsql(ConnectionString).Options);

    public async ValueTask InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(_serverConnectionString))
        {
            try
            {
                await server.OpenAsync();
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException(
                    $"Cannot connect to the PostgreSQL server of {EnvironmentVariable} ({Redacted(_serverConnectionString)}): {ex.Message}. " +
                    "Run ./build/test.sh, or ./build/postgres.sh to start the server.", ex);
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        await using (var db = CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [new Table("__EFMigrationsHistory")],
        });
    }

    /// <summary>Deletes every row of every table except the migrations history, so the next test starts from an empty, migrated database.</summary>
    public async Task ResetAsync()
    {
        if (_respawner is null)
        {
            throw new InvalidOperationException("The database is not initialized yet.");
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await _respawner.ResetAsync(connection);
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections would keep the database in use.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var server = new NpgsqlConnection(_serverConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Redacted(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
        return builder.ConnectionString;
    }
}
