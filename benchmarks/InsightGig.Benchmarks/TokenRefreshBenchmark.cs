using System.Diagnostics;
using Hangfire;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InsightGig.Benchmarks;

/// <summary>What one path achieved.</summary>
internal sealed record PathResult(string Path, int Connections, string Concurrency, TimeSpan WallTime, int Refreshed, int Failures, int Exchanges, string Notes)
{
    public double RefreshesPerSecond => Refreshed / WallTime.TotalSeconds;
}

/// <summary>
/// Seeds connections whose access tokens expire within the refresh window and renews them through the real path:
/// the Hangfire sweep and its drain jobs on PostgreSQL storage, and/or the token source called directly.
/// </summary>
internal sealed class TokenRefreshBenchmark(BenchmarkOptions options, ProviderSandboxServer sandbox, TextWriter log)
{
    private const int SeedBatch = 1_000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var protector = services.GetRequiredService<ITokenProtector>();
        var expiresAt = DateTimeOffset.UtcNow.AddMinutes(5);
        for (var first = 0; first < options.Connections; first += SeedBatch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = DateTimeOffset.UtcNow;
            for (var i = first; i < Math.Min(first + SeedBatch, options.Connections); i++)
            {
                var email = $"expert{i:D6}@bench.example";
                var issued = sandbox.State.IssueTokens(SandboxProvider.Zoom, email);
                var person = new Person(Guid.NewGuid(), PersonKind.Expert, $"Expert {i:D6}", email, "Europe/London", null);
                db.People.Add(person);
                db.ProviderConnections.Add(ProviderConnection.Connect(
                    Guid.NewGuid(),
                    person.Id,
                    ZoomProvider.Key,
                    new ProviderAccount(issued.AccountId, email),
                    new ProtectedTokens(protector.Protect(issued.AccessToken), protector.Protect(issued.RefreshToken!), expiresAt, issued.Scope),
                    now));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        log.WriteLine($"Seeded {options.Connections:N0} people and Zoom connections (tokens from the sandbox, encrypted) in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Makes every token look due again (the stored refresh tokens are the current ones).</summary>
    public static async Task MakeAllDueAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var due = DateTimeOffset.UtcNow.AddMinutes(5);
        await db.ProviderConnections.ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessTokenExpiresAtUtc, due), cancellationToken);
    }

    /// <summary>The sweep (as the recurring job runs it) starts the drain jobs; the server's workers run them, each claiming the next page.</summary>
    public async Task<PathResult> RunHangfireAsync(IHost host, CancellationToken cancellationToken)
    {
        var services = host.Services;
        var storage = services.GetRequiredService<JobStorage>();
        var monitor = storage.GetMonitoringApi();
        var failedBefore = monitor.FailedCount();
        var exchangesBefore = Exchanges();
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();

        int swept;
        await using (var scope = services.CreateAsyncScope())
        {
            swept = await scope.ServiceProvider.GetRequiredService<TokenRefreshJobs>().EnqueueExpiringAsync(cancellationToken);
        }

        var sweepTime = watch.Elapsed;
        log.WriteLine($"Hangfire: the sweep found {swept:N0} expiring connections and started the drain jobs in {sweepTime.TotalSeconds:0.0} s; waiting for the workers…");
        int refreshed;
        var idlePolls = 0;
        while (true)
        {
            refreshed = await RefreshedSinceAsync(services, started, cancellationToken);
            if (refreshed >= options.Connections)
            {
                break;
            }

            // Drained without renewing everything: failures (or retries scheduled for later, which count as failures here).
            idlePolls = monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0 ? idlePolls + 1 : 0;
            if (idlePolls >= 5)
            {
                break;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        watch.Stop();
        var failedJobs = monitor.FailedCount() - failedBefore;
        var retries = monitor.ScheduledCount();
        return new PathResult(
            "Hangfire (sweep + drain jobs)",
            options.Connections,
            $"{options.Workers} workers and drain jobs, {TokenRefreshJobs.BatchParallelism} at a time per drain job, pages of {TokenRefreshJobs.PageSize}",
            watch.Elapsed,
            refreshed,
            options.Connections - refreshed,
            Exchanges() - exchangesBefore,
            $"sweep {sweepTime.TotalSeconds:0.0} s; failed jobs {failedJobs}, retries scheduled {retries}");
    }

    /// <summary><see cref="IAccessTokenSource.RefreshIfExpiringAsync"/> for every connection, a bounded number at a time, each in its own scope.</summary>
    public async Task<PathResult> RunDirectAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        List<Guid> ids;
        await using (var scope = services.CreateAsyncScope())
        {
            ids = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().ProviderConnections.Select(c => c.Id).ToListAsync(cancellationToken);
        }

        var exchangesBefore = Exchanges();
        var started = DateTimeOffset.UtcNow;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                await using var scope = services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IAccessTokenSource>().RefreshIfExpiringAsync(id, AppHost.Window, ct);
                if (!result.IsSuccess)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        watch.Stop();
        var refreshed = await RefreshedSinceAsync(services, started, cancellationToken);
        return new PathResult(
            "Direct (RefreshIfExpiringAsync)",
            options.Connections,
            $"{options.Parallelism} parallel",
            watch.Elapsed,
            refreshed,
            Math.Max(failures, options.Connections - refreshed),
            Exchanges() - exchangesBefore,
            $"{failures} failed results");
    }

    private int Exchanges() => sandbox.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token");

    private static async Task<int> RefreshedSinceAsync(IServiceProvider services, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.ProviderConnections.CountAsync(c => c.Status == ConnectionStatus.Active && c.LastRefreshedAtUtc >= since, cancellationToken);
    }
}
