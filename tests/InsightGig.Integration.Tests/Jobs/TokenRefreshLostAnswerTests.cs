using Hangfire.States;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Jobs;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary>
/// A token exchange whose answer is lost, against the sandbox over HTTP. Zoom (and the sandbox) rotate the refresh token
/// on every refresh and refuse the old one at once, so a refresh that Zoom processed but whose answer never arrived leaves
/// the connection with a dead refresh token. The 100,000-connection run lost 3 people that way: the client gave up waiting
/// (its attempt timeout), the retry sent the old token, got <c>invalid_grant</c>, and the connection was marked
/// "reconnect needed" at once, telling the person they had withdrawn access.
/// </summary>
[Collection(TokenRefreshTestGroup.Name)]
public sealed class TokenRefreshLostAnswerTests(TokenRefreshFixture fixture) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_token_endpoint_slower_than_an_ordinary_try_but_within_the_exchange_limit_renews_the_tokens()
    {
        // Before: token exchanges had the ordinary attempt timeout; this answer came after it, so the client gave up on an
        // exchange Zoom had processed, and the person was locked out by the retry.
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync("slow-zoom@experts.example");
        var latency = TokenRefreshFixture.ImpatientAttempt + TimeSpan.FromSeconds(1);
        Assert.True(latency < TokenRefreshFixture.ImpatientTokenExchange);
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, LatencyMs = (int)latency.TotalMilliseconds });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.Impatient, seeded.ConnectionId, 1, ct);

        var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.Active, stored.Status);
        Assert.NotNull(stored.LastRefreshedAtUtc);
        Assert.Null(stored.RefreshInDoubtSinceUtc);
        Assert.Equal(1, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Empty(fixture.JobsImpatient.Jobs);
    }

    [Fact]
    public async Task A_lost_answer_keeps_the_person_connected_while_the_new_pair_may_still_arrive_and_then_says_plainly_what_happened()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync("lost-answer@experts.example");
        var before = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        // Zoom rotates the refresh token, then its answer never arrives: the client gives up after the exchange limit.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, HangAfterHandling = true, FailNext = 1 });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.Impatient, seeded.ConnectionId, 1, ct);

        Assert.Equal(1, fixture.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        var inDoubt = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.Active, inDoubt.Status);
        Assert.Equal(before.ProtectedRefreshToken, inDoubt.ProtectedRefreshToken);
        Assert.NotNull(inDoubt.RefreshInDoubtSinceUtc);
        Assert.Null(inDoubt.RefreshLeaseUntilUtc);
        var firstRetry = Assert.Single(fixture.JobsImpatient.Scheduled);
        Assert.Equal(2, firstRetry.Args[1]);

        // The retry sends the stored (now rotated-out) token and Zoom refuses it. Not final yet: a worker that went silent
        // may still store the new pair. The connection stays active, nobody is alerted, and the job comes back after the grace.
        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 2, ct);

        var refusedOnce = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.Active, refusedOnce.Status);
        Assert.Equal(before.ProtectedRefreshToken, refusedOnce.ProtectedRefreshToken);
        Assert.Equal(inDoubt.RefreshInDoubtSinceUtc, refusedOnce.RefreshInDoubtSinceUtc);
        Assert.Null(refusedOnce.LastError);
        var afterGrace = Assert.Single(fixture.JobsA.Jobs);
        Assert.IsType<ScheduledState>(afterGrace.State);
        Assert.Equal(nameof(TokenRefreshJobs.RefreshAsync), afterGrace.MethodName);
        Assert.Equal(3, afterGrace.Args[1]);
        Assert.InRange(afterGrace.Delay!.Value, AccessTokenSource.InDoubtGrace - TimeSpan.FromMinutes(1), AccessTokenSource.InDoubtGrace);

        // The grace is over and nobody stored new tokens: Zoom's refusal stands. The person is asked to link again, and
        // told that the answer was lost (not that they withdrew access); the reconnect alert is queued.
        await ZoomConnectionSeed.BackdateAsync(fixture.A.Services, seeded.ConnectionId, AccessTokenSource.InDoubtGrace + TimeSpan.FromSeconds(1), ct);
        fixture.JobsA.Clear();
        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 3, ct);

        var lost = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.ReconnectNeeded, lost.Status);
        Assert.Contains("answer to a sign-in renewal was lost", lost.LastError, StringComparison.Ordinal);
        Assert.Contains("Please link Zoom again.", lost.LastError, StringComparison.Ordinal);
        Assert.Null(lost.ProtectedRefreshToken);
        Assert.Null(lost.RefreshInDoubtSinceUtc);
        Assert.Equal(typeof(NotificationJobs), Assert.Single(fixture.JobsA.Jobs).Type);
        Assert.Equal(3, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
    }

    [Fact]
    public async Task A_refusal_right_after_taking_over_an_expired_lease_is_not_final()
    {
        // The worker that held the lease went silent: it may have exchanged the token and still be about to save the pair.
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync("silent-holder@experts.example");
        await ZoomConnectionSeed.LeaveExpiredLeaseAsync(fixture.A.Services, seeded.ConnectionId, ct);
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, InvalidGrant = true });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.B, seeded.ConnectionId, 1, ct);

        var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.Active, stored.Status);
        Assert.NotNull(stored.ProtectedRefreshToken);
        Assert.NotNull(stored.RefreshInDoubtSinceUtc);
        Assert.Null(stored.RefreshLeaseUntilUtc);
        Assert.Equal(2, Assert.Single(fixture.JobsB.Scheduled).Args[1]);
    }

    [Fact]
    public async Task A_refusal_with_nothing_in_doubt_still_asks_the_person_to_link_again_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync("revoked-now@experts.example");
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, InvalidGrant = true });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 1, ct);

        var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.ReconnectNeeded, stored.Status);
        Assert.DoesNotContain("lost", stored.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.JobsA.Jobs, job => job.Type == typeof(TokenRefreshJobs));
    }

    private Task<SeededConnection> SeedExpiringAsync(string email) =>
        ZoomConnectionSeed.AddAsync(
            fixture.A.Services, fixture.State, new ZoomConnectionSpec(email, DateTimeOffset.UtcNow.AddMinutes(5)), TestContext.Current.CancellationToken);
}
