using System.Globalization;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InsightGig.Benchmarks;

/// <summary>A fresh PostgreSQL database for one run: created, migrated with the app's PostgreSQL migrations, dropped at the end.</summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _server;

    private BenchmarkDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchmarkDatabase> CreateAsync(string serverConnectionString, int maxPoolSize, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString);
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        var server = builder.ConnectionString;
        var name = string.Create(CultureInfo.InvariantCulture, $"insightgig_bench_{Guid.NewGuid():N}")[..40];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        builder.Database = name;
        builder.MaxPoolSize = maxPoolSize;
        var database = new BenchmarkDatabase(server, name, builder.ConnectionString);
        await using var db = new PostgreSqlApplicationDbContext(new DbContextOptionsBuilder<PostgreSqlApplicationDbContext>().UseNpgsql(database.ConnectionString).Options);
        await db.Database.MigrateAsync(cancellationToken);
        return database;
    }

    /// <summary>
    /// Drops the database. Never throws: a run's figures are printed after it (<c>await using</c>), and a drop refused by
    /// the server (at 100,000 organizers an autovacuum worker of the superuser held the database, and a role that is not
    /// superuser may not terminate it) must not cost a run of forty minutes its result. Tried a few times, as autovacuum
    /// ends by itself; a database left behind is named on standard error for its operator to drop.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await using var connection = new NpgsqlConnection(_server);
                await connection.OpenAsync(limit.Token);
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync(limit.Token);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
            {
                if (attempt == DropAttempts)
                {
                    await Console.Error.WriteLineAsync($"benchmark: could not drop database {Name} ({ex.Message.Split('\n')[0]}); drop it by hand.");
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        }
    }

    private const int DropAttempts = 4;
}
