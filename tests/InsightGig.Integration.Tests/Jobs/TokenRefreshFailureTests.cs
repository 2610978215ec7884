using Hangfire.States;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Jobs;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary>
/// What the refresh job does when Zoom says no: a dead grant (<c>invalid_grant</c>) marks the connection "reconnect needed"
/// and is never retried; a busy Zoom (429/503) gets the job rescheduled after the <c>Retry-After</c> Zoom asked for.
/// </summary>
[Collection(TokenRefreshTestGroup.Name)]
public sealed class TokenRefreshFailureTests(TokenRefreshFixture fixture) : IAsyncLifetime
{
    private const string TokenPath = "/zoom/oauth/token";

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Invalid_grant_marks_the_connection_reconnect_needed_and_schedules_no_retry()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync("revoked@experts.example");
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, InvalidGrant = true });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 1, ct);

        var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.ReconnectNeeded, stored.Status);
        Assert.Null(stored.ProtectedAccessToken);
        Assert.Null(stored.ProtectedRefreshToken);
        Assert.False(string.IsNullOrWhiteSpace(stored.LastError));
        Assert.Null(stored.RefreshLeaseUntilUtc);
        // No retry of the refresh; the only job is the one reconnect alert (the outbox's send) the lost grant causes.
        Assert.DoesNotContain(fixture.JobsA.Jobs, job => job.Type == typeof(TokenRefreshJobs));
        Assert.Equal(typeof(NotificationJobs), Assert.Single(fixture.JobsA.Jobs).Type);
        Assert.Equal(1, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.True(Assert.Single(fixture.State.GetGrants(SandboxProvider.Zoom)).Revoked);

        // No retry storm: the next sweep leaves the connection alone, and a duplicate job asks Zoom nothing.
        Assert.Equal(0, await TokenRefreshFixture.RunSweepAsync(fixture.B, ct));
        await TokenRefreshFixture.RunRefreshJobAsync(fixture.B, seeded.ConnectionId, 1, ct);
        Assert.Equal(typeof(NotificationJobs), Assert.Single(fixture.JobsA.Jobs).Type); // still only the one alert
        Assert.Empty(fixture.JobsB.Jobs);
        Assert.Equal(1, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
    }

    [Theory]
    [InlineData(429, 40)]
    [InlineData(503, 45)]
    public async Task A_busy_answer_with_Retry_After_reschedules_the_job_after_that_delay(int status, int retryAfterSeconds)
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync($"busy{status}@experts.example");
        var before = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        fixture.State.InjectFault(new SandboxFault
        {
            Provider = SandboxProvider.Zoom,
            Target = SandboxFaultTarget.Token,
            Status = status,
            RetryAfterSeconds = retryAfterSeconds,
            FailNext = 1,
        });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 2, ct);

        var retry = Assert.Single(fixture.JobsA.Jobs);
        Assert.IsType<ScheduledState>(retry.State);
        Assert.Equal(typeof(TokenRefreshJobs), retry.Type);
        Assert.Equal(nameof(TokenRefreshJobs.RefreshAsync), retry.MethodName);
        Assert.Equal(seeded.ConnectionId, retry.Args[0]);
        Assert.Equal(3, retry.Args[1]);
        var asked = TimeSpan.FromSeconds(retryAfterSeconds);
        Assert.InRange(retry.Delay!.Value, asked - TimeSpan.FromSeconds(1), asked);
        // The HTTP client did not wait that long inside the call: one request, answered with the fault.
        var tokenCall = Assert.Single(fixture.State.GetRequestLog(), e => e.Path == TokenPath);
        Assert.Equal(status, tokenCall.Status);
        // Nothing changed: same tokens, lease released for the retry.
        var after = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(before with { RefreshLeaseUntilUtc = null }, after);

        // The rescheduled attempt, run when due, renews the tokens and schedules nothing more.
        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 3, ct);
        var renewed = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.Active, renewed.Status);
        Assert.NotNull(renewed.LastRefreshedAtUtc);
        Assert.Equal(1, fixture.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Single(fixture.JobsA.Jobs);
    }

    [Fact]
    public async Task A_busy_answer_without_Retry_After_reschedules_with_backoff()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync("unavailable@experts.example");
        // Every try fails (the HTTP client's own quick retries included) and none says when to come back.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, Status = 503 });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 1, ct);

        var retry = Assert.Single(fixture.JobsA.Scheduled);
        Assert.Equal(2, retry.Args[1]);
        Assert.InRange(retry.Delay!.Value, TimeSpan.FromSeconds(4) - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));
        Assert.Equal(ConnectionStatus.Active, (await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct)).Status);
    }

    [Fact]
    public async Task The_last_attempt_schedules_nothing_and_leaves_the_connection_to_the_next_sweep()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedExpiringAsync("patience@experts.example");
        fixture.State.InjectFault(new SandboxFault
        {
            Provider = SandboxProvider.Zoom,
            Target = SandboxFaultTarget.Token,
            Status = 429,
            RetryAfterSeconds = 30,
            FailNext = 1,
        });

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, TokenRefreshJobs.MaxAttempts, ct);

        Assert.Empty(fixture.JobsA.Jobs);
        Assert.Equal(ConnectionStatus.Active, (await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct)).Status);
        Assert.Equal(1, await TokenRefreshFixture.RunSweepAsync(fixture.A, ct));
        Assert.Equal([seeded.ConnectionId], (Guid[])Assert.Single(fixture.JobsA.Enqueued).Args[1]);
    }

    [Fact]
    public async Task A_job_for_a_token_that_no_longer_expires_soon_asks_Zoom_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await ZoomConnectionSeed.AddAsync(
            fixture.A.Services, fixture.State, new ZoomConnectionSpec("fresh@experts.example", DateTimeOffset.UtcNow.AddHours(1)), ct);

        await TokenRefreshFixture.RunRefreshJobAsync(fixture.A, seeded.ConnectionId, 1, ct);

        Assert.Equal(0, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Empty(fixture.JobsA.Jobs);
        Assert.Null((await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct)).LastRefreshedAtUtc);
    }

    private Task<SeededConnection> SeedExpiringAsync(string email) =>
        ZoomConnectionSeed.AddAsync(
            fixture.A.Services, fixture.State, new ZoomConnectionSpec(email, DateTimeOffset.UtcNow.AddMinutes(5)), TestContext.Current.CancellationToken);
}
