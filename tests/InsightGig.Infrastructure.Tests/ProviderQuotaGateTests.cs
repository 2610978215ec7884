using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Text;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Quotas;
using InsightGig.Infrastructure.Providers.Zoom;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Infrastructure.Tests;

/// <summary>
/// The one quota mechanism: counters in the database shared by app instances, background work kept to its share and
/// waiting for the next window, a user's call going first, a daily allowance answered plainly until it resets.
/// </summary>
public sealed class ProviderQuotaGateTests : IAsyncLifetime
{
    private static readonly ProviderQuota PerSecond = new("acme", "requests", QuotaScope.Account, 10, TimeSpan.FromSeconds(1));
    private static readonly Guid Ada = Guid.NewGuid();

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"insightgig-quotas-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 11, 23, 59, 0, TimeSpan.Zero));
    private readonly List<ServiceProvider> _instances = [];
    private readonly CommandLog _commands = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var scope = Instance().CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.MigrateAsync(Ct);
    }

    /// <summary>An app instance: its own services (and gate) on the shared database and clock.</summary>
    private ServiceProvider Instance()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _databasePath, DefaultTimeout = 30 }.ToString();
        services.AddDbContext<SqliteApplicationDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(_commands));
        services.AddScoped<ApplicationDbContext>(sp => sp.GetRequiredService<SqliteApplicationDbContext>());
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<ProviderQuotaGate>();
        var provider = services.BuildServiceProvider();
        _instances.Add(provider);
        return provider;
    }

    private ProviderQuotaGate Gate(int instance = 0)
    {
        while (_instances.Count <= instance)
        {
            Instance();
        }

        return _instances[instance].GetRequiredService<ProviderQuotaGate>();
    }

    private static async Task<ProviderFailure?> BackgroundAsync(ProviderQuotaGate gate, ProviderQuota quota)
    {
        using var background = ProviderCallPriority.Background();
        return await gate.AcquireAsync([quota], Ada, Ct);
    }

    [Fact]
    public async Task Background_work_keeps_to_its_share_and_waits_for_the_next_window_while_a_users_call_still_goes_through()
    {
        // Two app instances share the counter: 8 (80 %) background permits between them, then background waits.
        for (var i = 0; i < 8; i++)
        {
            Assert.Null(await BackgroundAsync(Gate(i % 2), PerSecond));
        }

        var waiting = BackgroundAsync(Gate(1), PerSecond);
        await Task.Delay(200, Ct);
        Assert.False(waiting.IsCompleted);

        // What a user is waiting for takes the reserved share at once.
        Assert.Null(await Gate(0).AcquireAsync([PerSecond], Ada, Ct));
        Assert.Null(await Gate(1).AcquireAsync([PerSecond], Ada, Ct));
        Assert.Equal(10, await Gate().CountAsync(PerSecond, Ada, _clock.GetUtcNow(), Ct));

        // The next window: the background call goes out then, counted there.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(1, await Gate().CountAsync(PerSecond, Ada, _clock.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task A_users_call_over_a_short_limit_waits_at_most_briefly_then_is_retried_later_not_sent()
    {
        var tight = PerSecond with { Window = TimeSpan.FromMinutes(1) };
        for (var i = 0; i < tight.Limit; i++)
        {
            Assert.Null(await Gate().AcquireAsync([tight], Ada, Ct));
        }

        var refused = await Gate().AcquireAsync([tight], Ada, Ct);

        Assert.Equal(ProviderFailureKind.Transient, refused?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), refused?.RetryAfter); // to the end of the window (23:59 → 00:00)
        // Another account has its own counter.
        Assert.Null(await Gate().AcquireAsync([tight], Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Zoom_daily_changes_at_the_limit_answer_the_units_message_until_00_00_UTC_and_go_through_after()
    {
        for (var i = 0; i < ZoomQuotas.MeetingChangesPerDay; i++)
        {
            Assert.Null(await Gate(i % 2).AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct));
            _clock.Advance(TimeSpan.FromMilliseconds(100)); // 10 a second: within Zoom's per-second limit
        }

        var refused = await Gate().AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct);

        Assert.Equal(ProviderFailureKind.QuotaExhausted, refused?.Kind);
        Assert.Equal("Zoom allows 100 meeting changes a day per account; this one goes through after 00:00 UTC.", refused?.Message);
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 0, 0, 0, TimeSpan.Zero), _clock.GetUtcNow() + refused!.RetryAfter!.Value);

        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 12, 0, 0, 1, TimeSpan.Zero));
        Assert.Null(await Gate().AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct));
    }

    [Theory]
    [InlineData("Daily-limit", "{\"code\":429,\"message\":\"Too many requests.\"}")]
    [InlineData(null, "{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}")]
    public async Task Zooms_own_daily_limit_429_is_the_same_plain_message_with_a_retry_at_00_00_UTC(string? rateLimitType, string body)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (rateLimitType is not null)
        {
            response.Headers.Add("X-RateLimit-Type", rateLimitType);
        }

        var failure = await ZoomFailures.FromApiAnswerAsync(response, _clock, Ct);

        Assert.Equal(ProviderFailureKind.QuotaExhausted, failure.Kind);
        Assert.Equal("Zoom allows 100 meeting changes a day per account; this one goes through after 00:00 UTC.", failure.Message);
        Assert.Equal(TimeSpan.FromSeconds(60), failure.RetryAfter);
    }

    [Fact]
    public async Task A_calls_permits_of_all_its_quotas_are_one_statement_once_their_windows_have_rows_and_none_is_taken_twice()
    {
        // The day's and the second's first call make their windows' rows.
        Assert.Null(await Gate().AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct));

        // Both rows there with room: one UPDATE takes both permits.
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        _commands.Clear();
        Assert.Null(await Gate(1).AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct));
        var sql = Assert.Single(_commands.Texts);
        Assert.StartsWith("UPDATE", sql.TrimStart(), StringComparison.Ordinal);
        Assert.Equal(2, await Gate().CountAsync(ZoomQuotas.Requests, Ada, _clock.GetUtcNow(), Ct));
        Assert.Equal(2, await Gate().CountAsync(ZoomQuotas.MeetingChanges, Ada, _clock.GetUtcNow(), Ct));

        // A new second: the day's permit is taken by the one statement, the second's in its new row; each exactly once.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Gate().AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct));
        Assert.Equal(1, await Gate().CountAsync(ZoomQuotas.Requests, Ada, _clock.GetUtcNow(), Ct));
        Assert.Equal(3, await Gate().CountAsync(ZoomQuotas.MeetingChanges, Ada, _clock.GetUtcNow(), Ct));

        // The day used up: the call is not sent and holds no permit (the second's goes back), the day's stays at its limit.
        for (var i = 3; i < ZoomQuotas.MeetingChangesPerDay; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Null(await Gate(i % 2).AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ProviderFailureKind.QuotaExhausted, (await Gate().AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct))?.Kind);
        Assert.Equal(ZoomQuotas.MeetingChangesPerDay, await Gate().CountAsync(ZoomQuotas.MeetingChanges, Ada, _clock.GetUtcNow(), Ct));
        Assert.Equal(0, await Gate().CountAsync(ZoomQuotas.Requests, Ada, _clock.GetUtcNow(), Ct));
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(ProviderFailureKind.QuotaExhausted, (await Gate().AcquireAsync(ZoomQuotas.MeetingChange, Ada, Ct))?.Kind);
        Assert.Equal(0, await Gate().CountAsync(ZoomQuotas.Requests, Ada, _clock.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task A_call_refused_by_one_quota_gives_back_the_permits_it_took_of_the_others()
    {
        // Google's shape: a user's quota, then the project's (every user's). This user is at their limit for the minute.
        var perUser = new ProviderQuota("acme", "per-user", QuotaScope.Account, 3, TimeSpan.FromMinutes(1));
        var project = new ProviderQuota("acme", "per-project", QuotaScope.Project, 100, TimeSpan.FromMinutes(1));
        IReadOnlyList<ProviderQuota> call = [perUser, project];
        for (var i = 0; i < perUser.Limit; i++)
        {
            Assert.Null(await Gate(i % 2).AcquireAsync(call, Ada, Ct));
        }

        // Refused (the window has a minute to run, longer than a user's call waits), and each time the project's permit,
        // taken by the one statement, goes back: the user at their limit does not use up everyone's.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ProviderFailureKind.Transient, (await Gate(i % 2).AcquireAsync(call, Ada, Ct))?.Kind);
        }

        Assert.Equal(perUser.Limit, await Gate().CountAsync(perUser, Ada, _clock.GetUtcNow(), Ct));
        Assert.Equal(perUser.Limit, await Gate().CountAsync(project, Ada, _clock.GetUtcNow(), Ct));
        Assert.Null(await Gate().AcquireAsync(call, Guid.NewGuid(), Ct));
        Assert.Equal(perUser.Limit + 1, await Gate().CountAsync(project, Ada, _clock.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task Zooms_per_second_429_stays_a_short_transient_wait()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("{\"code\":429,\"message\":\"Too many requests.\"}") };
        response.Headers.Add("X-RateLimit-Type", "QPS");

        Assert.Equal(ProviderFailureKind.Transient, (await ZoomFailures.FromApiAnswerAsync(response, _clock, Ct)).Kind);
    }

    private static readonly ProviderQuota Project = new("acme", "project", QuotaScope.Project, 12, TimeSpan.FromMinutes(1));
    private static readonly ProviderQuota PerUser = new("acme", "user", QuotaScope.Account, 3, TimeSpan.FromMinutes(1));
    private static readonly IReadOnlyList<ProviderQuota> Call = [PerUser, Project];

    [Fact]
    public async Task Several_accounts_permits_are_taken_at_once_and_each_call_then_uses_its_own_once()
    {
        Guid[] people = [Ada, Guid.NewGuid(), Guid.NewGuid()];
        Assert.Null(await Gate().AcquireAsync(Call, people[1], Ct)); // a window already started for one of them

        Assert.True(await Gate(1).TryAcquireForEachAsync(Call, people, Ct));

        var now = _clock.GetUtcNow();
        Assert.Equal(4, await Gate().CountAsync(Project, Ada, now, Ct));
        Assert.Equal(1, await Gate().CountAsync(PerUser, people[0], now, Ct));
        Assert.Equal(2, await Gate().CountAsync(PerUser, people[1], now, Ct));
        Assert.Equal(1, await Gate().CountAsync(PerUser, people[2], now, Ct));
        using (ProviderQuotaGate.UsePrepaid(Call, Ada))
        {
            Assert.Null(await Gate().AcquireAsync(Call, people[2], Ct)); // not Ada's: takes its own
            Assert.Null(await Gate().AcquireAsync(Call, Ada, Ct)); // the prepaid one
            Assert.Equal(1, await Gate().CountAsync(PerUser, Ada, now, Ct));
            Assert.Null(await Gate().AcquireAsync(Call, Ada, Ct)); // a second call takes its own
        }

        Assert.Equal(2, await Gate().CountAsync(PerUser, Ada, now, Ct));
        Assert.Equal(2, await Gate().CountAsync(PerUser, people[2], now, Ct));
        Assert.Equal(6, await Gate().CountAsync(Project, Ada, now, Ct));

        // The next window: its rows are made together and the old ones dropped.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Gate().TryAcquireForEachAsync(Call, people, Ct));
        Assert.Equal(3, await Gate().CountAsync(Project, Ada, _clock.GetUtcNow(), Ct));
        await using var scope = _instances[0].CreateAsyncScope();
        Assert.Equal(4, await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Set<ProviderQuotaCounter>().CountAsync(Ct));
    }

    [Fact]
    public async Task Permits_for_several_accounts_are_all_or_nothing_when_one_window_is_full()
    {
        var busy = Guid.NewGuid();
        Guid[] people = [Ada, busy];
        for (var i = 0; i < PerUser.Limit; i++)
        {
            Assert.Null(await Gate().AcquireAsync(Call, busy, Ct));
        }

        Assert.False(await Gate().TryAcquireForEachAsync(Call, people, Ct));
        var now = _clock.GetUtcNow();
        Assert.Equal(0, await Gate().CountAsync(PerUser, Ada, now, Ct));
        Assert.Equal(3, await Gate().CountAsync(Project, Ada, now, Ct));

        // The project quota has room for 12: asking 13 accounts at once takes nothing either.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await Gate().TryAcquireForEachAsync(Call, [.. Enumerable.Range(0, 13).Select(_ => Guid.NewGuid())], Ct));
        Assert.Equal(0, await Gate().CountAsync(Project, Ada, _clock.GetUtcNow(), Ct));

        // Background work gets its share only (80 % of 12 = 9): 10 accounts at once wait for the calls' own permits.
        using (ProviderCallPriority.Background())
        {
            Assert.False(await Gate().TryAcquireForEachAsync(Call, [.. Enumerable.Range(0, 10).Select(_ => Guid.NewGuid())], Ct));
            Assert.True(await Gate().TryAcquireForEachAsync(Call, [.. Enumerable.Range(0, 9).Select(_ => Guid.NewGuid())], Ct));
        }

        Assert.Equal(9, await Gate().CountAsync(Project, Ada, _clock.GetUtcNow(), Ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        File.Delete(_databasePath);
    }

    /// <summary>The SQL every instance's database context sends.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public IReadOnlyList<string> Texts => [.. _texts];

        public void Clear() => _texts.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
