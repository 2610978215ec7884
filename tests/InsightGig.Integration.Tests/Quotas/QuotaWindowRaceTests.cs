using System.Collections.Concurrent;
using System.Data.Common;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Quotas;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Jobs;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Integration.Tests.Quotas;

/// <summary>
/// The first requests of a quota window race to make its counter row, on PostgreSQL: both made to try at once (each has found
/// no row before either writes), both get their permit, the row counts both, and nothing is logged as an error (no unique-key
/// violation, 23505, reaches EF Core or the log).
/// </summary>
public sealed class QuotaWindowRaceTests(PostgreSqlFixture fixture) : IClassFixture<PostgreSqlFixture>
{
    private static readonly ProviderQuota PerMinute = new("acme", "requests", QuotaScope.Account, 10, TimeSpan.FromMinutes(1));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_first_acquisitions_of_a_window_both_get_a_permit_and_log_no_error()
    {
        var logs = new ConcurrentQueue<CapturedLogEntry>();
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 11, 9, 30, 15, TimeSpan.Zero));
        var rendezvous = new CounterInsertRendezvous(parties: 2);
        await using var app = TestAppServices.Create(DatabaseProvider.PostgreSql, fixture.Database.ConnectionString, configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider("app", logs)));
            services.AddSingleton<TimeProvider>(clock);
            services.AddDbContextInterceptor(DatabaseProvider.PostgreSql, rendezvous);
        });
        var gate = app.Services.GetRequiredService<ProviderQuotaGate>();
        var account = Guid.NewGuid();

        var permits = await Task.WhenAll(gate.AcquireAsync([PerMinute], account, Ct), gate.AcquireAsync([PerMinute], account, Ct));

        Assert.Equal(2, rendezvous.Arrived); // both found no row and tried to make it, at once
        Assert.All(permits, Assert.Null);
        Assert.Equal(2, await gate.CountAsync(PerMinute, account, clock.GetUtcNow(), Ct));
        Assert.DoesNotContain(logs, e => e.Level >= LogLevel.Error || e.Message.Contains("23505", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_window_made_by_another_request_after_this_one_looked_still_has_room_for_it()
    {
        // Found by the calendar benchmark: the UPDATE finds no row, another request makes the window's row, and the
        // existence check then answered "full", so a call waited a whole minute with the window nearly empty.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 11, 9, 30, 15, TimeSpan.Zero));
        var racer = new RowMadeAfterFirstUpdate();
        await using var app = TestAppServices.Create(DatabaseProvider.PostgreSql, fixture.Database.ConnectionString, configureServices: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddDbContextInterceptor(DatabaseProvider.PostgreSql, racer);
        });
        var gate = app.Services.GetRequiredService<ProviderQuotaGate>();
        var account = Guid.NewGuid();
        racer.Racer = () => gate.AcquireAsync([PerMinute], account, Ct);

        // Before the fix the call waited for the next window on the (frozen) clock: the bound is on that hang, not a speed.
        var permit = await gate.AcquireAsync([PerMinute], account, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(racer.Raced);
        Assert.Null(permit);
        Assert.Equal(2, await gate.CountAsync(PerMinute, account, clock.GetUtcNow(), Ct));
    }

    /// <summary>After the first UPDATE of a quota counter that finds no row, runs <see cref="Racer"/> (once) to completion.</summary>
    private sealed class RowMadeAfterFirstUpdate : DbCommandInterceptor
    {
        private int _raced;

        public Func<Task<ProviderFailure?>>? Racer { get; set; }

        public bool Raced => Volatile.Read(ref _raced) == 1;

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (result == 0 && command.CommandText.StartsWith("UPDATE \"ProviderQuotaCounter\"", StringComparison.Ordinal)
                && Racer is { } racer && Interlocked.Exchange(ref _raced, 1) == 0)
            {
                Assert.Null(await racer());
            }

            return result;
        }
    }

    /// <summary>Holds the first <c>parties</c> commands that insert a quota counter row until all of them have arrived.</summary>
    private sealed class CounterInsertRendezvous(int parties) : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public int Arrived => Volatile.Read(ref _arrived);

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await HoldAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await HoldAsync(command);
            return result;
        }

        private async Task HoldAsync(DbCommand command)
        {
            if (!command.CommandText.Contains("INSERT INTO \"ProviderQuotaCounter\"", StringComparison.Ordinal))
            {
                return;
            }

            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived > parties)
            {
                return;
            }

            if (arrived == parties)
            {
                _all.TrySetResult();
            }

            // Never a hang: alone after 15 s, it goes on (and the test sees fewer arrivals).
            await _all.Task.WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
