using System.Diagnostics;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.Infrastructure.Tests.Support;
using InsightGig.ProviderSandbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Tests;

public sealed class AccessTokenSourceTests
{
    private static Task<ProviderResult<string>> GetTokenAsync(AdapterHarness harness, Guid personId, string provider) =>
        harness.InScopeAsync(sp => sp.Get<IAccessTokenSource>().GetAccessTokenAsync(personId, provider, AdapterHarness.Ct));

    [Fact]
    public async Task A_token_good_for_more_than_two_minutes_is_used_as_it_is()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(3));

        var token = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);

        Assert.Equal(person.Tokens.AccessToken, token.Value);
        Assert.Equal(0, harness.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
    }

    [Fact]
    public async Task An_expiring_token_is_refreshed_once_and_the_rotated_tokens_are_saved()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(1));
        var before = await harness.ConnectionAsync(person.ConnectionId);

        var first = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);
        var second = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);

        Assert.True(first.IsSuccess, first.Failure?.Message);
        Assert.NotEqual(person.Tokens.AccessToken, first.Value);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        var after = await harness.ConnectionAsync(person.ConnectionId);
        var protector = harness.Get<ITokenProtector>();
        Assert.Equal(first.Value, protector.Unprotect(after.ProtectedAccessToken!));
        var rotated = protector.Unprotect(after.ProtectedRefreshToken!);
        Assert.NotEqual(person.Tokens.RefreshToken, rotated);
        Assert.True(after.Version > before.Version);
        Assert.NotNull(after.LastRefreshedAtUtc);
        Assert.True(after.AccessTokenExpiresAtUtc > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Null(await LeaseAsync(harness, person.ConnectionId));
        Assert.True((await harness.Get<IEnumerable<IOAuthAccountLinker>>().Single(l => l.Provider == ZoomProvider.Key).RefreshAsync(rotated!, AdapterHarness.Ct)).IsSuccess);
    }

    [Fact]
    public async Task Twenty_concurrent_callers_cause_exactly_one_token_exchange()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromSeconds(30));
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, LatencyMs = 300 });

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => GetTokenAsync(harness, person.PersonId, ZoomProvider.Key))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.Message));
        Assert.Single(results.Select(r => r.Value).Distinct());
        Assert.NotEqual(person.Tokens.AccessToken, results[0].Value);
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(ConnectionStatus.Active, (await harness.ConnectionAsync(person.ConnectionId)).Status);
    }

    [Fact]
    public async Task Twenty_concurrent_calls_after_a_401_renew_the_rejected_token_once()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        var refresher = (Func<IServiceProvider, IAccessTokenRefresher>)(sp => (IAccessTokenRefresher)sp.Get<IAccessTokenSource>());

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => harness.InScopeAsync(sp =>
            refresher(sp).RefreshRejectedTokenAsync(person.PersonId, GoogleProvider.Key, person.Tokens.AccessToken, AdapterHarness.Ct)))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.Message));
        Assert.Single(results.Select(r => r.Value).Distinct());
        Assert.NotEqual(person.Tokens.AccessToken, results[0].Value);
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Google, "refresh_token"));
    }

    [Fact]
    public async Task Invalid_grant_marks_the_connection_reconnect_needed_and_forgets_its_tokens()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.Zero);
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, InvalidGrant = true });

        var token = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);
        var again = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);

        Assert.Equal(ProviderFailureKind.ReconnectNeeded, token.Failure?.Kind);
        Assert.Equal(ProviderFailureKind.ReconnectNeeded, again.Failure?.Kind);
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        var connection = await harness.ConnectionAsync(person.ConnectionId);
        Assert.Equal(ConnectionStatus.ReconnectNeeded, connection.Status);
        Assert.Null(connection.ProtectedAccessToken);
        Assert.Null(connection.ProtectedRefreshToken);
        Assert.NotNull(connection.LastError);
        Assert.Null(await LeaseAsync(harness, person.ConnectionId));
    }

    [Fact]
    public async Task A_transient_refresh_failure_keeps_the_connection_and_releases_the_lease()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.Zero);
        harness.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, Status = 500, FailNext = 1 });

        var failed = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);
        var retried = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);

        Assert.Equal(ProviderFailureKind.Transient, failed.Failure?.Kind);
        Assert.Equal(ConnectionStatus.Active, (await harness.ConnectionAsync(person.ConnectionId)).Status);
        Assert.True(retried.IsSuccess, retried.Failure?.Message);
        Assert.Null(await LeaseAsync(harness, person.ConnectionId));
    }

    [Fact]
    public async Task A_lease_left_by_a_crashed_worker_is_taken_over_when_it_runs_out()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.Zero);
        await SetLeaseAsync(harness, person.ConnectionId, DateTimeOffset.UtcNow.AddSeconds(1));

        var watch = Stopwatch.StartNew();
        var token = await GetTokenAsync(harness, person.PersonId, GoogleProvider.Key);

        Assert.True(token.IsSuccess, token.Failure?.Message);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(800), $"took {watch.Elapsed}");
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Google, "refresh_token"));
    }

    [Fact]
    public async Task Google_refreshes_keep_the_refresh_token_google_does_not_rotate()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromSeconds(10));

        var token = await GetTokenAsync(harness, person.PersonId, GoogleProvider.Key);

        Assert.True(token.IsSuccess, token.Failure?.Message);
        var connection = await harness.ConnectionAsync(person.ConnectionId);
        Assert.Equal(person.Tokens.RefreshToken, harness.Get<ITokenProtector>().Unprotect(connection.ProtectedRefreshToken!));
    }

    [Fact]
    public async Task No_connection_or_a_disconnected_one_is_not_connected()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromHours(1));
        await harness.InScopeAsync(async sp =>
        {
            var db = sp.Get<ApplicationDbContext>();
            var connection = await db.ProviderConnections.SingleAsync(c => c.Id == person.ConnectionId, AdapterHarness.Ct);
            connection.Disconnect(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync(AdapterHarness.Ct);
        });

        var disconnected = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);
        var never = await GetTokenAsync(harness, person.PersonId, GoogleProvider.Key);

        Assert.Equal(ProviderFailureKind.NotConnected, disconnected.Failure?.Kind);
        Assert.Equal(ProviderFailureKind.NotConnected, never.Failure?.Kind);
    }

    [Fact]
    public async Task The_background_refresh_renews_only_tokens_inside_its_window()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var soon = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(5));
        var later = await harness.LinkAsync(GoogleProvider.Key, AdapterHarness.Ada, TimeSpan.FromMinutes(50));

        var renewed = await harness.InScopeAsync(sp => sp.Get<IAccessTokenSource>().RefreshIfExpiringAsync(soon.ConnectionId, TimeSpan.FromMinutes(10), AdapterHarness.Ct));
        var untouched = await harness.InScopeAsync(sp => sp.Get<IAccessTokenSource>().RefreshIfExpiringAsync(later.ConnectionId, TimeSpan.FromMinutes(10), AdapterHarness.Ct));
        var unknown = await harness.InScopeAsync(sp => sp.Get<IAccessTokenSource>().RefreshIfExpiringAsync(Guid.NewGuid(), TimeSpan.FromMinutes(10), AdapterHarness.Ct));

        Assert.True(renewed.IsSuccess, renewed.Failure?.Message);
        Assert.True(untouched.IsSuccess, untouched.Failure?.Message);
        Assert.Equal(ProviderFailureKind.NotConnected, unknown.Failure?.Kind);
        Assert.Equal(1, harness.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(0, harness.State.TokenExchangeCount(SandboxProvider.Google, "refresh_token"));
        Assert.True((await harness.ConnectionAsync(soon.ConnectionId)).AccessTokenExpiresAtUtc > DateTimeOffset.UtcNow.AddMinutes(50));
    }

    [Fact]
    public async Task Tokens_are_not_stored_in_clear_text()
    {
        await using var harness = await AdapterHarness.StartAsync();
        var person = await harness.LinkAsync(ZoomProvider.Key, AdapterHarness.Ada, TimeSpan.Zero);
        var token = await GetTokenAsync(harness, person.PersonId, ZoomProvider.Key);

        await using var connection = new SqliteConnection(harness.ConnectionString);
        await connection.OpenAsync(AdapterHarness.Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "ProtectedAccessToken", "ProtectedRefreshToken" FROM "ProviderConnections" WHERE upper("Id") = upper($id)""";
        command.Parameters.AddWithValue("$id", person.ConnectionId.ToString());
        await using var reader = await command.ExecuteReaderAsync(AdapterHarness.Ct);

        Assert.True(await reader.ReadAsync(AdapterHarness.Ct));
        var storedAccess = reader.GetString(0);
        var storedRefresh = reader.GetString(1);
        Assert.DoesNotContain(token.Value!, storedAccess, StringComparison.Ordinal);
        Assert.DoesNotContain("zoom-at.", storedAccess, StringComparison.Ordinal);
        Assert.DoesNotContain("zoom-rt.", storedRefresh, StringComparison.Ordinal);
        Assert.Equal(token.Value, harness.Get<ITokenProtector>().Unprotect(storedAccess));
    }

    private static Task<DateTimeOffset?> LeaseAsync(AdapterHarness harness, Guid connectionId) =>
        harness.InScopeAsync(sp => sp.Get<ApplicationDbContext>().ProviderConnections
            .Where(c => c.Id == connectionId)
            .Select(c => EF.Property<DateTimeOffset?>(c, "RefreshLeaseUntilUtc"))
            .SingleAsync(AdapterHarness.Ct));

    private static Task<int> SetLeaseAsync(AdapterHarness harness, Guid connectionId, DateTimeOffset until) =>
        harness.InScopeAsync(sp => sp.Get<ApplicationDbContext>().ProviderConnections
            .Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<DateTimeOffset?>(c, "RefreshLeaseUntilUtc"), until), AdapterHarness.Ct));
}
