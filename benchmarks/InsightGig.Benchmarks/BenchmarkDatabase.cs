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

    public async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(limit.Token);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(limit.Token);
    }
}
