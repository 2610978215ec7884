using Hangfire.States;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Jobs;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary>
/// Token refresh by drain jobs on PostgreSQL: each claims a page of due connections (soonest-expiring first) with a
/// conditional UPDATE, refreshes it, and claims the next, so that concurrent drain jobs never share a connection, a slow
/// run is not started again by the next sweep, and a crashed job's page is taken again once its claim has run out.
/// </summary>
[Collection(TokenRefreshTestGroup.Name)]
public sealed class TokenRefreshDrainTests(TokenRefreshFixture fixture) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Two_instances_sweeping_and_draining_at_once_refresh_each_connection_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        const int expiring = 5 * TokenRefreshJobs.PageSize;
        var now = DateTimeOffset.UtcNow;
        var seeded = await ZoomConnectionSeed.AddAsync(
            fixture.A.Services,
            fixture.State,
            Enumerable.Range(0, expiring).Select(i => new ZoomConnectionSpec($"drain{i}@experts.example", now.AddMinutes(1 + (i % 13)))),
            ct);
        // Zoom answers slowly, so that refreshes of both instances overlap.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, LatencyMs = 20 });

        // Both instances sweep at the same moment (no Hangfire lock between direct calls): each claims pages for itself.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sweeps = new[] { fixture.A, fixture.B }.Select(instance => Task.Run(
            async () =>
            {
                await start.Task;
                return await TokenRefreshFixture.RunSweepAsync(instance, ct);
            },
            ct)).ToList();
        start.SetResult();
        await Task.WhenAll(sweeps);

        // Every page is drained at once, each on the instance that claimed it; a page that finds more claims it and
        // enqueues its job on its own instance, which the next round runs, until none is left.
        var pages = new List<RecordedJob>();
        var round = Queued();
        Assert.NotEmpty(round);
        while (round.Count > 0)
        {
            Assert.True(pages.Count < 50, "The drain did not end.");
            pages.AddRange(round.Select(p => p.Job));
            fixture.JobsA.Clear();
            fixture.JobsB.Clear();
            await Task.WhenAll(round.Select(p => Task.Run(() => TokenRefreshFixture.RunDrainJobAsync(p.Instance, p.Job, ct), ct)));
            round = Queued();
        }

        var claimed = pages.SelectMany(job => (Guid[])job.Args[1]).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(seeded.Select(s => s.ConnectionId).Order(), claimed.Order());
        Assert.Equal(pages.Count, pages.Select(job => (Guid)job.Args[0]).Distinct().Count());
        Assert.Equal(expiring, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(expiring, fixture.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Empty(fixture.JobsA.Jobs);
        Assert.Empty(fixture.JobsB.Jobs);
        foreach (var connection in seeded)
        {
            var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, connection.ConnectionId, ct);
            Assert.Equal(ConnectionStatus.Active, stored.Status);
            Assert.NotNull(stored.LastRefreshedAtUtc);
            Assert.Null(stored.RefreshClaimId);
            Assert.Null(stored.RefreshLeaseUntilUtc);
        }

        // Sweeping again finds nothing: the tokens no longer expire soon.
        Assert.Equal(0, await TokenRefreshFixture.RunSweepAsync(fixture.B, ct));
        Assert.Empty(fixture.JobsB.Jobs);

        List<(AppInstance Instance, RecordedJob Job)> Queued() =>
        [
            .. fixture.JobsA.Enqueued.Select(job => (fixture.A, job)),
            .. fixture.JobsB.Enqueued.Select(job => (fixture.B, job)),
        ];
    }

    [Fact]
    public async Task One_drain_job_works_through_every_due_connection_page_by_page_soonest_first_and_a_sweep_meanwhile_adds_none()
    {
        var ct = TestContext.Current.CancellationToken;
        const int expiring = (2 * TokenRefreshJobs.PageSize) + 50;
        var now = DateTimeOffset.UtcNow;
        // Expiry times out of order, so that "soonest first" is the query's doing, not the seeding order's.
        var specs = Enumerable.Range(0, expiring).Select(i => new ZoomConnectionSpec($"queue{i}@experts.example", now.AddSeconds(60 + (i * 37 % expiring * 3)))).ToList();
        var seeded = await ZoomConnectionSeed.AddAsync(fixture.A.Services, fixture.State, specs, ct);
        var expiry = seeded.Zip(specs).ToDictionary(pair => pair.First.ConnectionId, pair => pair.Second.AccessTokenExpiresAtUtc);

        Assert.Equal(expiring, await TokenRefreshFixture.RunSweepAsync(fixture.Impatient, ct));
        var pages = new List<Guid[]>();
        var next = Assert.Single(fixture.JobsImpatient.Enqueued);
        while (true)
        {
            pages.Add((Guid[])next.Args[1]);
            fixture.JobsImpatient.Clear();
            await TokenRefreshFixture.RunDrainJobAsync(fixture.Impatient, next, ct);
            if (fixture.JobsImpatient.Enqueued.Count == 0)
            {
                break;
            }

            next = Assert.Single(fixture.JobsImpatient.Enqueued);
            Assert.Equal(nameof(TokenRefreshJobs.DrainAsync), next.MethodName);

            // A sweep while the drain job is at work (its next page claimed and queued) starts no other.
            fixture.JobsImpatient.Clear();
            await TokenRefreshFixture.RunSweepAsync(fixture.Impatient, ct);
            Assert.Empty(fixture.JobsImpatient.Jobs);
            Assert.True(pages.Count < 10, "The drain did not end.");
        }

        Assert.Equal([TokenRefreshJobs.PageSize, TokenRefreshJobs.PageSize, 50], pages.Select(p => p.Length));
        for (var i = 1; i < pages.Count; i++)
        {
            Assert.True(pages[i - 1].Max(id => expiry[id]) <= pages[i].Min(id => expiry[id]), $"Page {i} holds a connection expiring sooner than one of page {i - 1}.");
        }

        Assert.Equal(expiring, pages.SelectMany(p => p).Distinct().Count());
        Assert.Equal(expiring, fixture.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(expiring, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
    }

    [Fact]
    public async Task A_page_whose_drain_job_crashed_is_left_alone_until_its_claim_runs_out_and_is_then_taken_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await ZoomConnectionSeed.AddAsync(
            fixture.A.Services, fixture.State, new ZoomConnectionSpec("crashed-page@experts.example", DateTimeOffset.UtcNow.AddMinutes(5)), ct);
        Assert.Equal(1, await TokenRefreshFixture.RunSweepAsync(fixture.Impatient, ct));
        Assert.Single(fixture.JobsImpatient.Enqueued); // never run: the worker died with it

        // Its claim still counts as the one drain job at work: the next sweep starts nothing and finds nothing waiting.
        fixture.JobsImpatient.Clear();
        Assert.Equal(0, await TokenRefreshFixture.RunSweepAsync(fixture.Impatient, ct));
        Assert.Empty(fixture.JobsImpatient.Jobs);

        // Once the claim has run out, the page is free again: the sweep claims it for a new drain job, which refreshes it.
        await ZoomConnectionSeed.BackdateAsync(fixture.A.Services, seeded.ConnectionId, TokenRefreshJobs.ClaimDuration + TimeSpan.FromSeconds(1), ct);
        Assert.Equal(1, await TokenRefreshFixture.RunSweepAsync(fixture.Impatient, ct));
        var retaken = Assert.Single(fixture.JobsImpatient.Enqueued);
        Assert.Equal([seeded.ConnectionId], (Guid[])retaken.Args[1]);
        fixture.JobsImpatient.Clear();
        await TokenRefreshFixture.RunDrainJobAsync(fixture.Impatient, retaken, ct);

        Assert.NotNull((await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct)).LastRefreshedAtUtc);
        Assert.Equal(1, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
    }

    [Fact]
    public async Task A_transient_failure_in_a_page_schedules_that_connections_own_retry_and_rests_it_while_the_others_are_refreshed()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await ZoomConnectionSeed.AddAsync(
            fixture.A.Services,
            fixture.State,
            Enumerable.Range(0, 12).Select(i => new ZoomConnectionSpec($"page{i}@experts.example", DateTimeOffset.UtcNow.AddMinutes(5))),
            ct);
        fixture.State.InjectFault(new SandboxFault
        {
            Provider = SandboxProvider.Zoom,
            Target = SandboxFaultTarget.Token,
            Status = 429,
            RetryAfterSeconds = 30,
            FailNext = 1,
        });
        await TokenRefreshFixture.RunSweepAsync(fixture.A, ct);
        var page = Assert.Single(fixture.JobsA.Enqueued);
        fixture.JobsA.Clear();

        await TokenRefreshFixture.RunDrainJobAsync(fixture.A, page, ct);

        // The one that failed gets its own retry, and no next page: it rests under its page's claim time instead of being taken straight back.
        var retry = Assert.Single(fixture.JobsA.Jobs);
        Assert.IsType<ScheduledState>(retry.State);
        Assert.Equal(nameof(TokenRefreshJobs.RefreshAsync), retry.MethodName);
        Assert.Equal(2, retry.Args[1]);
        var failed = Assert.IsType<Guid>(retry.Args[0]);
        Assert.Equal(seeded.Count - 1, fixture.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        foreach (var connection in seeded)
        {
            var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, connection.ConnectionId, ct);
            Assert.Equal(connection.ConnectionId != failed, stored.LastRefreshedAtUtc is not null);
            Assert.Null(stored.RefreshLeaseUntilUtc);
            Assert.Null(stored.RefreshClaimId);
        }

        Assert.True((await ZoomConnectionSeed.ReadAsync(fixture.A.Services, failed, ct)).RefreshClaimedUntilUtc > DateTimeOffset.UtcNow);
        Assert.Equal(0, await TokenRefreshFixture.RunSweepAsync(fixture.B, ct));
    }
}
