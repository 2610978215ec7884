using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InsightGig.Integration.Tests.Jobs;

/// <summary>
/// Two app instances with Hangfire servers on one PostgreSQL database (its <c>hangfire</c> schema and the shared Data
/// Protection key ring), started one after the other and each declaring the recurring jobs, as <c>Program</c> does.
/// </summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    public PostgreSqlTestDatabase Database { get; } = new();

    public ProviderSandboxServer Sandbox { get; private set; } = null!;

    public AppInstance A { get; private set; } = null!;

    public AppInstance B { get; private set; } = null!;

    /// <summary>What both instances logged, each entry labelled "A" or "B".</summary>
    public ConcurrentQueue<CapturedLogEntry> Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        Sandbox = await ProviderSandboxServer.StartAsync();
        A = await StartAsync("A");
        B = await StartAsync("B");
    }

    private async Task<AppInstance> StartAsync(string name)
    {
        var instance = AppInstance.Create(
            name,
            DatabaseProvider.PostgreSql,
            Database.ConnectionString,
            Sandbox.BaseAddress,
            new Dictionary<string, string?>
            {
                ["Jobs:RunServer"] = "true",
                ["Jobs:WorkerCount"] = "4",
                // Due once a year: during the test only explicit triggers run the sweep (and the other recurring jobs stay quiet).
                ["Jobs:TokenRefreshCron"] = "0 0 1 1 *",
                ["Jobs:MeetingSyncCron"] = "0 0 1 1 *",
                ["Jobs:CalendarSyncCron"] = "0 0 1 1 *",
            },
            services => services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(name, Logs)));
        await instance.StartAsync();
        instance.Services.GetRequiredService<RecurringJobsSetup>().Apply();
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}

public sealed class TwoInstancesTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    private const int TriggersPerInstance = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Both_instances_share_one_recurring_job_and_each_trigger_runs_the_sweep_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var storageA = fixture.A.Services.GetRequiredService<JobStorage>();
        var storageB = fixture.B.Services.GetRequiredService<JobStorage>();
        foreach (var storage in new[] { storageA, storageB })
        {
            using var connection = storage.GetConnection();
            Assert.Single(connection.GetRecurringJobs(), r => r.Id == TokenRefreshJobs.RecurringJobId);
        }

        // One connection due for a refresh, its tokens encrypted by instance A.
        var seeded = await ZoomConnectionSeed.AddAsync(
            fixture.A.Services, fixture.Sandbox.State, new ZoomConnectionSpec("two-instances@experts.example", DateTimeOffset.UtcNow.AddMinutes(5)), ct);

        // Both instances trigger the recurring job at the same moment, several times.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var triggers = new[] { fixture.A, fixture.B }
            .SelectMany(instance => Enumerable.Range(0, TriggersPerInstance).Select(_ => Task.Run(
                async () =>
                {
                    await start.Task;
                    return instance.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(TokenRefreshJobs.RecurringJobId);
                },
                ct)))
            .ToList();
        start.SetResult();
        var sweepJobs = await Task.WhenAll(triggers);
        Assert.Equal(2 * TriggersPerInstance, sweepJobs.Distinct().Count());

        // Each instance sees every job (one storage), and waits until the sweeps and the refreshes they fanned out are done.
        var monitorB = storageB.GetMonitoringApi();
        await WaitUntilAsync(
            async () =>
            {
                using var connection = storageB.GetConnection();
                var sweepsDone = sweepJobs.All(id => connection.GetStateData(id)?.Name is "Succeeded" or "Failed");
                var refreshed = (await ZoomConnectionSeed.ReadAsync(fixture.A.Services, seeded.ConnectionId, ct)).LastRefreshedAtUtc is not null;
                return sweepsDone && refreshed && !TokenRefreshJobsPending(monitorB);
            },
            "the triggered sweeps and their refresh jobs to finish");

        // Each trigger ran once, on one instance or the other: never once per instance.
        var sweeps = fixture.Logs.Where(e => e.Category == typeof(TokenRefreshJobs).FullName && e.Message.StartsWith("Token refresh sweep", StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"Sweeps run by A: {sweeps.Count(s => s.Instance == "A")}, by B: {sweeps.Count(s => s.Instance == "B")}");
        Assert.Equal(sweepJobs.Length, sweeps.Count);
        var monitorA = storageA.GetMonitoringApi();
        foreach (var id in sweepJobs)
        {
            JobDetailsDto details = monitorA.JobDetails(id);
            Assert.Equal("Succeeded", details.History[0].StateName);
            Assert.Single(details.History, h => h.StateName == "Processing");
        }

        // Whichever instance ran them, the refresh jobs exchanged the refresh token once, with A's encryption read by all.
        Assert.DoesNotContain(monitorA.FailedJobs(0, 1000), j => j.Value.Job?.Type == typeof(TokenRefreshJobs));
        Assert.Equal(1, fixture.Sandbox.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        var stored = await ZoomConnectionSeed.ReadAsync(fixture.B.Services, seeded.ConnectionId, ct);
        Assert.Equal(ConnectionStatus.Active, stored.Status);
        Assert.Null(stored.RefreshLeaseUntilUtc);
    }

    [Fact]
    public async Task A_token_protected_by_one_instance_is_read_by_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        var protectorA = fixture.A.Services.GetRequiredService<ITokenProtector>();
        var protectorB = fixture.B.Services.GetRequiredService<ITokenProtector>();
        var fromA = "token-from-A-" + Guid.NewGuid().ToString("N");
        var fromB = "token-from-B-" + Guid.NewGuid().ToString("N");

        var protectedByA = protectorA.Protect(fromA);
        var protectedByB = protectorB.Protect(fromB);

        Assert.Equal(fromA, protectorB.Unprotect(protectedByA));
        Assert.Equal(fromB, protectorA.Unprotect(protectedByB));
        // The key ring they share is the database's.
        var keys = await fixture.A.InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().DataProtectionKeys.CountAsync(ct));
        Assert.True(keys >= 1, "The Data Protection key ring must be stored in the database.");
    }

    /// <summary>Whether a token refresh job (sweep or refresh) waits in a queue or runs now; other jobs do not count.</summary>
    private static bool TokenRefreshJobsPending(IMonitoringApi monitor) =>
        monitor.Queues().Any(q => monitor.EnqueuedJobs(q.Name, 0, 10_000).Any(j => j.Value.Job?.Type == typeof(TokenRefreshJobs)))
        || monitor.ProcessingJobs(0, 10_000).Any(j => j.Value.Job?.Type == typeof(TokenRefreshJobs));

    /// <summary>Polls until <paramref name="condition"/> holds; a bound on waiting, not a speed requirement.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Patience)
            {
                Assert.Fail($"Gave up waiting for {what} after {Patience.TotalSeconds:0} s.");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
