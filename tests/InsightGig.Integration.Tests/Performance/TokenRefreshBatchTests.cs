using Hangfire.States;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Integration.Tests.Jobs;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Integration.Tests.Performance;

/// <summary>
/// A sweep that finds more than <see cref="TokenRefreshJobs.BatchSize"/> expiring connections enqueues batch jobs instead
/// of one job per connection (enqueuing 10,000 jobs one by one was the bottleneck of the 10,000-connection run); a batch
/// refreshes each of its connections exactly as the per-connection job does: one token exchange each, and a transient
/// failure gets that connection's own retry job.
/// </summary>
[Collection(TokenRefreshTestGroup.Name)]
public sealed class TokenRefreshBatchTests(TokenRefreshFixture fixture) : IAsyncLifetime
{
    private const int Expiring = TokenRefreshJobs.BatchSize + 30;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_large_sweep_enqueues_batches_that_cover_each_expiring_connection_once_and_each_is_refreshed_with_one_exchange()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedAsync(ct);
        var expected = seeded.Where(s => s.Email.StartsWith("expiring", StringComparison.Ordinal)).Select(s => s.ConnectionId).ToHashSet();

        var count = await TokenRefreshFixture.RunSweepAsync(fixture.A, ct);

        Assert.Equal(Expiring, count);
        var batches = fixture.JobsA.Jobs;
        Assert.Equal((Expiring + TokenRefreshJobs.BatchSize - 1) / TokenRefreshJobs.BatchSize, batches.Count);
        Assert.All(batches, job =>
        {
            Assert.IsType<EnqueuedState>(job.State);
            Assert.Equal(nameof(TokenRefreshJobs.RefreshBatchAsync), job.MethodName);
            Assert.InRange(Assert.IsType<Guid[]>(job.Args[0]).Length, 1, TokenRefreshJobs.BatchSize);
        });
        var covered = batches.SelectMany(job => (Guid[])job.Args[0]).ToList();
        Assert.Equal(covered.Count, covered.Distinct().Count());
        Assert.Equal(expected.Order(), covered.Order());

        // Zoom answers slowly, so that a batch's refreshes overlap; the lease still allows one exchange per connection.
        fixture.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, LatencyMs = 20 });
        fixture.JobsA.Clear();
        foreach (var batch in batches)
        {
            await RunBatchAsync(fixture.A, (Guid[])batch.Args[0], ct);
        }

        Assert.Equal(Expiring, fixture.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(Expiring, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Empty(fixture.JobsA.Jobs);
        foreach (var connection in seeded)
        {
            var stored = await ZoomConnectionSeed.ReadAsync(fixture.A.Services, connection.ConnectionId, ct);
            Assert.Equal(expected.Contains(connection.ConnectionId), stored.LastRefreshedAtUtc is not null);
            Assert.Equal(ConnectionStatus.Active, stored.Status);
            Assert.Null(stored.RefreshLeaseUntilUtc);
        }

        // The same batch run again (a requeued job) asks Zoom nothing: the tokens no longer expire soon.
        await RunBatchAsync(fixture.B, (Guid[])batches[0].Args[0], ct);
        Assert.Equal(Expiring, fixture.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
    }

    [Fact]
    public async Task A_transient_failure_in_a_batch_schedules_that_connections_own_retry_and_the_others_are_refreshed()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await ZoomConnectionSeed.AddAsync(
            fixture.A.Services,
            fixture.State,
            Enumerable.Range(0, 12).Select(i => new ZoomConnectionSpec($"batch{i}@experts.example", DateTimeOffset.UtcNow.AddMinutes(5))),
            ct);
        fixture.State.InjectFault(new SandboxFault
        {
            Provider = SandboxProvider.Zoom,
            Target = SandboxFaultTarget.Token,
            Status = 429,
            RetryAfterSeconds = 30,
            FailNext = 1,
        });

        await RunBatchAsync(fixture.A, [.. seeded.Select(s => s.ConnectionId)], ct);

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
        }
    }

    private async Task<IReadOnlyList<SeededConnection>> SeedAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var specs = Enumerable.Range(0, Expiring).Select(i => new ZoomConnectionSpec($"expiring{i}@experts.example", now.AddMinutes(1 + (i % 10))))
            .Concat(Enumerable.Range(0, 20).Select(i => new ZoomConnectionSpec($"fresh{i}@experts.example", now.AddHours(1))));
        return await ZoomConnectionSeed.AddAsync(fixture.A.Services, fixture.State, specs, ct);
    }

    /// <summary>Runs a batch job as a Hangfire worker would: a DI scope of its own on <paramref name="instance"/>.</summary>
    private static Task RunBatchAsync(AppInstance instance, Guid[] connectionIds, CancellationToken ct) =>
        instance.InScopeAsync(sp => sp.GetRequiredService<TokenRefreshJobs>().RefreshBatchAsync(connectionIds, ct));
}
