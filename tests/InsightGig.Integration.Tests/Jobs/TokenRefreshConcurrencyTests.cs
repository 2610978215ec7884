using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary>
/// Many workers on two app instances refresh one connection at once: the database lease lets exactly one of them exchange
/// the refresh token (Zoom rotates it, so a second exchange would break the connection); the others use its result.
/// </summary>
[Collection(TokenRefreshTestGroup.Name)]
public sealed class TokenRefreshConcurrencyTests(TokenRefreshFixture fixture) : IAsyncLifetime
{
    private const int CallersPerKindAndInstance = 6;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Concurrent_refreshes_of_one_connection_on_two_instances_make_exactly_one_token_exchange()
    {
        var ct = TestContext.Current.CancellationToken;
        var window = fixture.Window;
        // Expires within the window and within the just-in-time margin: every kind of caller wants a refresh.
        var seeded = await ZoomConnectionSeed.AddAsync(
            fixture.A.Services, fixture.State, new ZoomConnectionSpec("race@experts.example", DateTimeOffset.UtcNow.AddMinutes(1)), ct);
        var before = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        // A slow token endpoint, so that every caller arrives while the first exchange is still in flight.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, LatencyMs = 300 });

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refreshes = new List<Task<ProviderResult<Done>>>();
        var jobRuns = new List<Task>();
        var tokenReads = new List<Task<ProviderResult<string>>>();
        foreach (var instance in new[] { fixture.A, fixture.B })
        {
            for (var i = 0; i < CallersPerKindAndInstance; i++)
            {
                refreshes.Add(Task.Run(
                    async () =>
                    {
                        await start.Task;
                        return await instance.InScopeAsync(sp => sp.GetRequiredService<IAccessTokenSource>().RefreshIfExpiringAsync(seeded.ConnectionId, window, ct));
                    },
                    ct));
                jobRuns.Add(Task.Run(
                    async () =>
                    {
                        await start.Task;
                        await TokenRefreshFixture.RunRefreshJobAsync(instance, seeded.ConnectionId, 1, ct);
                    },
                    ct));
                tokenReads.Add(Task.Run(
                    async () =>
                    {
                        await start.Task;
                        return await instance.InScopeAsync(sp => sp.GetRequiredService<IAccessTokenSource>().GetAccessTokenAsync(seeded.PersonId, ZoomProvider.Key, ct));
                    },
                    ct));
            }
        }

        start.SetResult();
        await Task.WhenAll(refreshes.Cast<Task>().Concat(jobRuns).Concat(tokenReads));
        var refreshResults = await Task.WhenAll(refreshes);
        var readResults = await Task.WhenAll(tokenReads);
        fixture.State.ClearFaults();

        // Everyone succeeded, and all just-in-time readers got the same, new token.
        Assert.All(refreshResults, r => Assert.True(r.IsSuccess, r.Failure?.Message));
        Assert.All(readResults, r => Assert.True(r.IsSuccess, r.Failure?.Message));
        var newToken = Assert.Single(readResults.Select(r => r.Value).Distinct());
        Assert.NotEqual(seeded.Tokens.AccessToken, newToken);
        // One exchange reached Zoom, and no job had to schedule a retry.
        Assert.Equal(1, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(1, fixture.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Empty(fixture.JobsA.Jobs);
        Assert.Empty(fixture.JobsB.Jobs);
        // One write of new tokens, and the lease is released.
        var after = await ZoomConnectionSeed.ReadAsync(fixture.B.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.Active, after.Status);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.NotNull(after.LastRefreshedAtUtc);
        Assert.Null(after.RefreshLeaseUntilUtc);
        Assert.True(after.AccessTokenExpiresAtUtc > DateTimeOffset.UtcNow + window, "The renewed token must be good for longer than the window.");

        // The connection still works: the other instance reads the same token without a new exchange, and Zoom accepts it.
        var again = await fixture.B.InScopeAsync(sp => sp.GetRequiredService<IAccessTokenSource>().GetAccessTokenAsync(seeded.PersonId, ZoomProvider.Key, ct));
        Assert.Equal(newToken, again.Value);
        var zoom = fixture.B.Services.GetServices<IOAuthAccountLinker>().Single(l => l.Provider == ZoomProvider.Key);
        var account = await zoom.GetAccountAsync(newToken!, ct);
        Assert.True(account.IsSuccess, account.Failure?.Message);
        Assert.Equal(seeded.Email, account.Value!.Email);
        Assert.Equal(1, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));

        // And the refresh token the connection started with is dead: Zoom rotated it on the one exchange.
        var stale = await zoom.RefreshAsync(seeded.Tokens.RefreshToken!, ct);
        Assert.False(stale.IsSuccess);
        Assert.Equal(ProviderFailureKind.ReconnectNeeded, stale.Failure!.Kind);
    }
}
