using Hangfire.States;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.TestSupport.Jobs;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary>The recurring sweep hands every active connection whose access token expires within the window to a drain job, soonest first.</summary>
[Collection(TokenRefreshTestGroup.Name)]
public sealed class TokenRefreshFanOutTests(TokenRefreshFixture fixture) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_sweep_claims_exactly_the_active_connections_that_expire_within_the_window_for_a_drain_job()
    {
        var ct = TestContext.Current.CancellationToken;
        var window = fixture.Window;
        var now = DateTimeOffset.UtcNow;
        // Minutes from now; at least a minute away from the window's edge so that the test's own duration cannot move a row across it.
        int[] expiring = [-30, -1, 1, 2, 5, 8, 10, 12, 13, (int)window.TotalMinutes - 1];
        int[] fresh = [(int)window.TotalMinutes + 1, 20, 30, 45, 60, 90, 120, 24 * 60];
        var specs = new List<ZoomConnectionSpec>();
        specs.AddRange(expiring.Select((m, i) => new ZoomConnectionSpec($"expiring{i}@experts.example", now.AddMinutes(m))));
        specs.AddRange(fresh.Select((m, i) => new ZoomConnectionSpec($"fresh{i}@experts.example", now.AddMinutes(m))));
        specs.AddRange(Enumerable.Range(0, 8).Select(i => new ZoomConnectionSpec($"inactive{i}@experts.example", now.AddMinutes(5))));
        specs.AddRange(Enumerable.Range(0, 2).Select(i => new ZoomConnectionSpec($"norefresh{i}@experts.example", now.AddMinutes(5), WithRefreshToken: false)));
        var seeded = await ZoomConnectionSeed.AddAsync(fixture.A.Services, fixture.State, specs, ct);
        var byEmail = seeded.ToDictionary(s => s.Email);

        // Inactive connections, as the domain leaves them (tokens deleted) and as a bare status (tokens still there):
        // neither may be refreshed.
        await ZoomConnectionSeed.UpdateAsync(fixture.A.Services, byEmail["inactive0@experts.example"].ConnectionId, c => c.MarkReconnectNeeded("revoked"), ct);
        await ZoomConnectionSeed.UpdateAsync(fixture.A.Services, byEmail["inactive1@experts.example"].ConnectionId, c => c.MarkReconnectNeeded("revoked"), ct);
        await ZoomConnectionSeed.UpdateAsync(fixture.A.Services, byEmail["inactive2@experts.example"].ConnectionId, c => c.Disconnect(now), ct);
        await ZoomConnectionSeed.UpdateAsync(fixture.A.Services, byEmail["inactive3@experts.example"].ConnectionId, c => c.Disconnect(now), ct);
        await ZoomConnectionSeed.ForceStatusAsync(fixture.A.Services, byEmail["inactive4@experts.example"].ConnectionId, ConnectionStatus.ReconnectNeeded, ct);
        await ZoomConnectionSeed.ForceStatusAsync(fixture.A.Services, byEmail["inactive5@experts.example"].ConnectionId, ConnectionStatus.ReconnectNeeded, ct);
        await ZoomConnectionSeed.ForceStatusAsync(fixture.A.Services, byEmail["inactive6@experts.example"].ConnectionId, ConnectionStatus.Disconnected, ct);
        await ZoomConnectionSeed.ForceStatusAsync(fixture.A.Services, byEmail["inactive7@experts.example"].ConnectionId, ConnectionStatus.Disconnected, ct);
        // Soonest-expiring first: the specs above list the expiring ones in that order.
        var expected = seeded.Where(s => s.Email.StartsWith("expiring", StringComparison.Ordinal)).Select(s => s.ConnectionId).ToList();

        var count = await TokenRefreshFixture.RunSweepAsync(fixture.A, ct);

        Assert.Equal(expected.Count, count);
        // Connections turned reconnect-needed above each queued their reconnect alert (the outbox); only refreshes count here.
        var drain = Assert.Single(fixture.JobsA.Jobs, job => job.Type != typeof(NotificationJobs));
        Assert.IsType<EnqueuedState>(drain.State);
        Assert.Equal(typeof(TokenRefreshJobs), drain.Type);
        Assert.Equal(nameof(TokenRefreshJobs.DrainAsync), drain.MethodName);
        var claimId = Assert.IsType<Guid>(drain.Args[0]);
        Assert.Equal(expected, Assert.IsType<Guid[]>(drain.Args[1]));
        foreach (var connection in seeded)
        {
            var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, connection.ConnectionId, ct);
            Assert.Equal(expected.Contains(connection.ConnectionId) ? claimId : null, stored.RefreshClaimId);
        }

        Assert.Empty(fixture.JobsB.Jobs);
    }

    [Fact]
    public async Task A_sweep_with_nothing_expiring_enqueues_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        await ZoomConnectionSeed.AddAsync(
            fixture.A.Services,
            fixture.State,
            [new ZoomConnectionSpec("later@experts.example", now + fixture.Window + TimeSpan.FromMinutes(5)), new ZoomConnectionSpec("much-later@experts.example", now.AddHours(1))],
            ct);

        var count = await TokenRefreshFixture.RunSweepAsync(fixture.B, ct);

        Assert.Equal(0, count);
        Assert.Empty(fixture.JobsB.Jobs);
    }
}
