using System.Net;
using System.Net.Http.Headers;
using InsightGig.Application.Integrations.CompleteAccountLink;
using InsightGig.Application.Integrations.DisconnectProvider;
using InsightGig.Application.Integrations.Linking;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.StartAccountLink;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Mediator;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Integration.Tests.Linking;

/// <summary>One provider sandbox and the app's services twice: on a SQLite file and on a real PostgreSQL database.</summary>
public sealed class LinkingDatabasesFixture : IAsyncLifetime
{
    private readonly SqliteTestDatabase _sqlite = new();

    public PostgreSqlTestDatabase PostgreSql { get; } = new();

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public SandboxedAppServices OnSqlite { get; private set; } = null!;

    public SandboxedAppServices OnPostgreSql { get; private set; } = null!;

    public SandboxedAppServices On(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql ? OnPostgreSql : OnSqlite;

    public async ValueTask InitializeAsync()
    {
        await PostgreSql.InitializeAsync();
        Sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            options.KnownAccounts.Add(new SandboxAccount(DemoData.Clara.Email, DemoData.Clara.FullName));
            options.KnownAccounts.Add(new SandboxAccount(DemoData.Carlos.Email, DemoData.Carlos.FullName));
        });
        OnSqlite = SandboxedAppServices.Create(DatabaseProvider.Sqlite, _sqlite.ConnectionString, Sandbox);
        OnPostgreSql = SandboxedAppServices.Create(DatabaseProvider.PostgreSql, PostgreSql.ConnectionString, Sandbox);
        await OnSqlite.InitializeDatabaseAsync(seedDemoData: true);
        await OnPostgreSql.InitializeDatabaseAsync(seedDemoData: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (OnSqlite is not null)
        {
            await OnSqlite.DisposeAsync();
        }

        if (OnPostgreSql is not null)
        {
            await OnPostgreSql.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        await PostgreSql.DisposeAsync();
        _sqlite.Dispose();
    }
}

/// <summary>
/// Linking through the use cases (start, the sandbox's consent pages, the callback command) on SQLite and PostgreSQL:
/// tokens and PKCE verifiers are encrypted at rest, and a callback links at most once, only for whoever started it.
/// </summary>
public sealed class TokenStorageTests(LinkingDatabasesFixture fixture) : IClassFixture<LinkingDatabasesFixture>, IAsyncLifetime
{
    private ProviderSandboxState Sandbox => fixture.Sandbox.State;

    public async ValueTask InitializeAsync()
    {
        await fixture.OnSqlite.ResetAsync();
        await fixture.OnPostgreSql.ResetAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Start linking, consent in the sandbox as <paramref name="accountEmail"/>; answers the callback's state and code.</summary>
    private static async Task<(string State, string Code)> ConsentAsync(SandboxedAppServices app, TestCurrentUser who, string provider, string accountEmail)
    {
        var started = await app.SendAsync(new StartAccountLinkCommand(provider, new Uri($"http://localhost/integrations/{provider}/callback"), null), who);
        Assert.True(started.IsSuccess, started.IsFailure ? started.FirstError.Message : null);
        var callback = QueryHelpers.ParseQuery((await SandboxConsent.ApproveAsync(started.Value, accountEmail)).Query);
        return (callback["state"].ToString(), callback["code"].ToString());
    }

    private static CompleteAccountLinkCommand Callback(string provider, string state, string code) =>
        new CompleteAccountLinkCommand(provider, state, code, null);

    private static async Task<Result<AccountLinked>> LinkAsync(SandboxedAppServices app, TestCurrentUser who, string provider, string accountEmail)
    {
        var (state, code) = await ConsentAsync(app, who, provider, accountEmail);
        return await app.SendAsync(Callback(provider, state, code), who);
    }

    /// <summary>What the sandbox answers to a GET of <paramref name="path"/> with <paramref name="accessToken"/>.</summary>
    private async Task<HttpStatusCode> SandboxAcceptsAsync(string path, string accessToken)
    {
        using var http = new HttpClient { BaseAddress = fixture.Sandbox.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Tokens_and_pkce_verifiers_are_stored_encrypted(DatabaseProvider database)
    {
        var app = fixture.On(database);
        Assert.True((await LinkAsync(app, TestCurrentUser.Clara, ZoomProvider.Key, DemoData.Clara.Email)).IsSuccess);
        Assert.True((await LinkAsync(app, TestCurrentUser.Clara, GoogleProvider.Key, DemoData.Clara.Email)).IsSuccess);

        var tokens = await SandboxTestData.ClearTokensAsync(app.Services);
        var protector = app.Services.GetRequiredService<ITokenProtector>();
        var storedVerifiers = await app.WithDbContextAsync(db =>
            db.AccountLinkAttempts.AsNoTracking().Select(a => a.ProtectedCodeVerifier).ToListAsync(TestContext.Current.CancellationToken));
        var verifiers = storedVerifiers.Select(v => protector.Unprotect(v) ?? throw new InvalidOperationException("A stored verifier cannot be decrypted.")).ToList();
        var connections = await SandboxTestData.RawRowsAsync(app.Services, "ProviderConnections");
        var attempts = await SandboxTestData.RawRowsAsync(app.Services, "AccountLinkAttempts");
        var keys = await SandboxTestData.RawRowsAsync(app.Services, "DataProtectionKeys");

        Assert.Equal(4, tokens.Count);
        Assert.Equal(2, verifiers.Count);
        Assert.All(verifiers, v => Assert.Equal(43, v.Length));
        // What we decrypted is what the sandbox issued: it accepts the access tokens.
        Assert.Equal(HttpStatusCode.OK, await SandboxAcceptsAsync("zoom/v2/users/me", tokens.Single(t => t.StartsWith("zoom-at.", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, await SandboxAcceptsAsync("google/oauth2/v3/userinfo", tokens.Single(t => t.StartsWith("ya29.", StringComparison.Ordinal))));
        Assert.Equal(2, connections.Count);
        Assert.Equal(2, attempts.Count);
        var everyStoredValue = connections.Concat(attempts).SelectMany(row => row.Values).OfType<string>().ToList();
        foreach (var secret in tokens.Concat(verifiers))
        {
            Assert.DoesNotContain(everyStoredValue, value => value.Contains(secret, StringComparison.Ordinal));
        }

        Assert.All(connections, row => Assert.False(string.IsNullOrEmpty(row["ProtectedAccessToken"])));
        Assert.All(connections, row => Assert.False(string.IsNullOrEmpty(row["ProtectedRefreshToken"])));
        Assert.NotEmpty(keys);
    }

    /// <summary>
    /// Opens <paramref name="connections"/> database connections at the same time and gives them back to the pool, so that
    /// concurrent requests afterwards run side by side instead of queueing behind connection set-up (as in a warm app).
    /// </summary>
    private static async Task WarmConnectionPoolAsync(SandboxedAppServices app, int connections)
    {
        var open = 0;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => app.WithDbContextAsync(async db =>
        {
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            if (Interlocked.Increment(ref open) == connections)
            {
                allOpen.SetResult();
            }

            await allOpen.Task;
            return open;
        }), TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_callback_completed_several_times_at_once_exchanges_the_code_once_and_links_once()
    {
        var app = fixture.OnPostgreSql;
        var (state, code) = await ConsentAsync(app, TestCurrentUser.Clara, ZoomProvider.Key, DemoData.Clara.Email);
        await WarmConnectionPoolAsync(app, 8);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => app.SendAsync(Callback(ZoomProvider.Key, state, code), TestCurrentUser.Clara), TestContext.Current.CancellationToken)));

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => r.IsFailure), r => Assert.Equal("link.state_used", r.FirstError.Code));
        Assert.Equal(1, Sandbox.TokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
        Assert.Single(Sandbox.GetGrants(SandboxProvider.Zoom));
        var connections = await app.WithDbContextAsync(db => db.ProviderConnections.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ConnectionStatus.Active, Assert.Single(connections).Status);
    }

    [Fact]
    public async Task A_callback_links_only_for_the_person_who_started_it_and_only_once()
    {
        var app = fixture.OnPostgreSql;
        var (state, code) = await ConsentAsync(app, TestCurrentUser.Clara, ZoomProvider.Key, DemoData.Clara.Email);

        var carlos = await app.SendAsync(Callback(ZoomProvider.Key, state, code), TestCurrentUser.Carlos);
        var clara = await app.SendAsync(Callback(ZoomProvider.Key, state, code), TestCurrentUser.Clara);
        var replay = await app.SendAsync(Callback(ZoomProvider.Key, state, code), TestCurrentUser.Clara);

        Assert.Equal("link.state_mismatch", carlos.FirstError.Code);
        Assert.True(clara.IsSuccess, clara.IsFailure ? clara.FirstError.Message : null);
        Assert.Equal("link.state_used", replay.FirstError.Code);
        Assert.Equal(1, Sandbox.TokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
        var connections = await app.WithDbContextAsync(db => db.ProviderConnections.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(DemoData.Clara.Id, Assert.Single(connections).PersonId);
    }

    [Fact]
    public async Task Disconnecting_and_linking_again_revokes_the_old_grant_and_reuses_the_row()
    {
        var app = fixture.OnPostgreSql;
        Assert.True((await LinkAsync(app, TestCurrentUser.Clara, GoogleProvider.Key, DemoData.Clara.Email)).IsSuccess);
        var first = await SandboxTestData.ConnectionAsync(app.Services, DemoData.Clara.Id, GoogleProvider.Key);

        var disconnected = await app.SendAsync(new DisconnectProviderCommand(GoogleProvider.Key), TestCurrentUser.Clara);
        var afterDisconnect = await SandboxTestData.ConnectionAsync(app.Services, DemoData.Clara.Id, GoogleProvider.Key);
        var relinked = await LinkAsync(app, TestCurrentUser.Clara, GoogleProvider.Key, DemoData.Clara.Email);
        var again = await SandboxTestData.ConnectionAsync(app.Services, DemoData.Clara.Id, GoogleProvider.Key);

        Assert.True(disconnected.Value.RevokedAtProvider);
        Assert.Equal(ConnectionStatus.Disconnected, afterDisconnect!.Status);
        Assert.Null(afterDisconnect.ProtectedAccessToken);
        Assert.Null(afterDisconnect.ProtectedRefreshToken);
        Assert.True(relinked.IsSuccess);
        Assert.Equal(first!.Id, again!.Id);
        Assert.Equal(ConnectionStatus.Active, again.Status);
        Assert.Null(again.DisconnectedAtUtc);
        var grants = Sandbox.GetGrants(SandboxProvider.Google).OrderBy(g => g.CreatedAt).ToList();
        Assert.Equal([true, false], grants.Select(g => g.Revoked));
    }
}
