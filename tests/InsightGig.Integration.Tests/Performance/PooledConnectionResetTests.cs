using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;
using Npgsql;

namespace InsightGig.Integration.Tests.Performance;

/// <summary>
/// The contexts' pool keeps a connection's session when it goes back (<see cref="DatabaseRegistration.ForPooledContexts"/>:
/// no reset on close, seven statements fewer per open), and still never hands on a transaction left open.
/// </summary>
public sealed class PooledConnectionResetTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_when_the_connection_goes_back_to_the_pool_without_a_reset()
    {
        await using (var setup = new NpgsqlConnection(database.ConnectionString))
        {
            await setup.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE pool_probe (id int)", setup);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // A pool of its own with one connection, so the second open gets the first one's session.
        var pooled = new NpgsqlConnectionStringBuilder(DatabaseRegistration.ForPooledContexts(database.ConnectionString))
        {
            ApplicationName = $"pool-probe-{Guid.NewGuid():N}",
            MaxPoolSize = 1,
        }.ConnectionString;
        int firstBackend;
        await using (var first = new NpgsqlConnection(pooled))
        {
            await first.OpenAsync(TestContext.Current.CancellationToken);
            firstBackend = await ScalarAsync<int>(first, "SELECT pg_backend_pid()");
            await using var session = new NpgsqlCommand("SELECT set_config('insightgig.probe', 'kept', false)", first);
            await session.ExecuteScalarAsync(TestContext.Current.CancellationToken);
            // A transaction begun in SQL, not through an NpgsqlTransaction, whose disposal would roll it back itself: only
            // the pool's return of the connection can end it.
            await using var insert = new NpgsqlCommand("BEGIN; INSERT INTO pool_probe VALUES (1)", first);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            // Back to the pool with the transaction neither committed nor rolled back by the code.
        }

        await using var second = new NpgsqlConnection(pooled);
        await second.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(firstBackend, await ScalarAsync<int>(second, "SELECT pg_backend_pid()"));
        // The session was not reset (what the setting saves)...
        Assert.Equal("kept", await ScalarAsync<string>(second, "SELECT current_setting('insightgig.probe', true)"));
        // ...and the transaction did not survive it.
        Assert.Equal(0L, await ScalarAsync<long>(second, "SELECT count(*) FROM pool_probe"));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
