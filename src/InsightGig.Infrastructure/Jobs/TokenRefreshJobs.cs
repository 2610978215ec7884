using System.ComponentModel;
using Hangfire;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// Keeps provider tokens fresh so a meeting never fails because a token went stale. Every few minutes a sweep starts
/// drain jobs, at most <see cref="JobOptions.TokenRefreshDrainJobs"/> at work across all instances; each refreshes one page
/// of connections whose access tokens expire soon (soonest first, <see cref="BatchParallelism"/> at a time) and then claims
/// the next page and enqueues the job for it, until none is left. Each refresh goes through <see cref="IAccessTokenSource"/>,
/// whose database lease makes it one token exchange per connection across all instances; a transient failure gets that
/// connection's own retry job (<see cref="RefreshAsync"/>).
/// </summary>
/// <remarks>
/// <para>
/// A page is claimed with one conditional UPDATE (<c>RefreshClaimId</c>, <c>RefreshClaimedUntilUtc</c> on the connection
/// row): only rows that are due and not claimed by a live page are taken, so two drain jobs, on one instance or two, never
/// hold the same connection, and the next sweep does not start again what a slow run has not reached yet. The claim is
/// made before the page's job is enqueued, so live claims count the drain jobs at work, queued ones included; that is how
/// the sweep knows how many to add. A finished page gives up its claim id but keeps its time: a connection that could not
/// be refreshed rests until then (its own retry job runs meanwhile) instead of being taken straight back. A crashed job's
/// page is free again when its claim runs out (<see cref="ClaimDuration"/>).
/// </para>
/// <para>
/// Why pages and not one job per connection: enqueuing a Hangfire job is a few database round trips, so a sweep that
/// enqueued 100,000 jobs (or even 1,000 batches) took minutes (docs/performance.md); a sweep now claims a few pages.
/// </para>
/// </remarks>
public sealed partial class TokenRefreshJobs(
    ApplicationDbContext db,
    IAccessTokenSource tokens,
    IBackgroundJobClient jobs,
    IServiceScopeFactory scopes,
    IOptions<JobOptions> options,
    TimeProvider clock,
    ILogger<TokenRefreshJobs> logger)
{
    public const string RecurringJobId = "refresh-expiring-provider-tokens";

    /// <summary>Transient failures are retried this many times, then left for the next sweep (which finds the connection again).</summary>
    public const int MaxAttempts = 6;

    /// <summary>Connections one drain job refreshes before it hands on to the next page.</summary>
    public const int PageSize = 100;

    /// <summary>Refreshes a drain job runs at once (each mostly waits on the provider).</summary>
    public const int BatchParallelism = 8;

    /// <summary>
    /// How long a page stays claimed: far longer than a page takes (about 25 s for 100 on a machine at load 50), and the
    /// rest a connection gets before a drain job takes it again after a failed refresh.
    /// </summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    private const string ClaimId = ProviderConnectionConfiguration.RefreshClaim;
    private const string ClaimedUntil = ProviderConnectionConfiguration.RefreshClaimedUntil;

    /// <summary>Starts drain jobs up to the configured number at work; answers how many connections are due and not claimed.</summary>
    [DisplayName("Find provider tokens that expire soon and start refreshing them")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> EnqueueExpiringAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await Due(now).CountAsync(cancellationToken);
        var atWork = await db.ProviderConnections
            .Where(c => EF.Property<DateTimeOffset?>(c, ClaimedUntil) > now && EF.Property<Guid?>(c, ClaimId) != null)
            .Select(c => EF.Property<Guid?>(c, ClaimId))
            .Distinct()
            .CountAsync(cancellationToken);
        var toStart = Math.Min(options.Value.TokenRefreshDrainJobs - atWork, (due + PageSize - 1) / PageSize);
        var started = 0;
        while (started < toStart && await ClaimPageAsync(cancellationToken) is { } page)
        {
            jobs.Enqueue<TokenRefreshJobs>(job => job.DrainAsync(page.ClaimId, page.ConnectionIds, CancellationToken.None));
            started++;
        }

        LogSweep(due, atWork, started);
        return due;
    }

    /// <summary>
    /// Refreshes the page claimed as <paramref name="claimId"/>, then claims the next page and enqueues its job (before
    /// reporting this page's failures, so that one bad connection does not stop the drain).
    /// </summary>
    [DisplayName("Refresh a page of expiring provider tokens, then the next")]
    [AutomaticRetry(Attempts = 0)]
    public async Task DrainAsync(Guid claimId, Guid[] connectionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        var failures = await RefreshEachAsync(connectionIds, cancellationToken);

        // The page is done: its claim no longer counts as a drain job at work; its time still rests what failed.
        await db.ProviderConnections
            .Where(c => connectionIds.Contains(c.Id) && EF.Property<Guid?>(c, ClaimId) == claimId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<Guid?>(c, ClaimId), (Guid?)null), CancellationToken.None);
        if (await ClaimPageAsync(CancellationToken.None) is { } next)
        {
            jobs.Enqueue<TokenRefreshJobs>(job => job.DrainAsync(next.ClaimId, next.ConnectionIds, CancellationToken.None));
        }
        else
        {
            LogDrained();
        }

        ThrowIfAnyFailed(failures, connectionIds.Length);
    }

    /// <summary>Claims the next page of due connections, soonest-expiring first; null when none is left.</summary>
    /// <remarks>
    /// Read the candidates, then take them with one UPDATE whose condition repeats "due and not claimed": of two drain jobs
    /// that read the same candidates, each row goes to one (the database locks the row and checks the condition again).
    /// The loser looks again, past the rows now claimed.
    /// </remarks>
    private async Task<ClaimedPage?> ClaimPageAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = clock.GetUtcNow();
            var candidates = await Due(now)
                .OrderBy(c => c.AccessTokenExpiresAtUtc)
                .Select(c => c.Id)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return null;
            }

            var claimId = Guid.NewGuid();
            var until = now + ClaimDuration;
            var claimed = await Due(now)
                .Where(c => candidates.Contains(c.Id))
                .ExecuteUpdateAsync(
                    s => s
                        .SetProperty(c => EF.Property<Guid?>(c, ClaimId), claimId)
                        .SetProperty(c => EF.Property<DateTimeOffset?>(c, ClaimedUntil), until),
                    cancellationToken);
            if (claimed > 0)
            {
                var ids = await db.ProviderConnections.AsNoTracking()
                    .Where(c => candidates.Contains(c.Id) && EF.Property<Guid?>(c, ClaimId) == claimId)
                    .OrderBy(c => c.AccessTokenExpiresAtUtc)
                    .Select(c => c.Id)
                    .ToArrayAsync(cancellationToken);
                return new ClaimedPage(claimId, ids);
            }
        }

        return null;
    }

    /// <summary>Active connections with a refresh token whose access token expires within the window, not in a live claim.</summary>
    private IQueryable<ProviderConnection> Due(DateTimeOffset now)
    {
        var horizon = now + options.Value.TokenRefreshWindow;
        return db.ProviderConnections.Where(c => c.Status == ConnectionStatus.Active && c.ProtectedRefreshToken != null
            && c.AccessTokenExpiresAtUtc != null && c.AccessTokenExpiresAtUtc <= horizon
            && (EF.Property<DateTimeOffset?>(c, ClaimedUntil) == null || EF.Property<DateTimeOffset?>(c, ClaimedUntil) <= now));
    }

    /// <summary>
    /// Refreshes a batch of connections, as the sweep fanned them out before drain jobs (kept so that batch jobs still
    /// queued when this version starts run instead of failing).
    /// </summary>
    [DisplayName("Refresh the provider tokens of a batch of connections")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshBatchAsync(Guid[] connectionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        ThrowIfAnyFailed(await RefreshEachAsync(connectionIds, cancellationToken), connectionIds.Length);
    }

    /// <summary>
    /// Refreshes each connection, <see cref="BatchParallelism"/> at a time, exactly as <see cref="RefreshAsync"/> (first
    /// attempt) in a DI scope of its own: a transient failure schedules that connection's own retry job. A connection whose
    /// refresh throws does not stop the others; they are answered.
    /// </summary>
    private async Task<IReadOnlyCollection<(Guid ConnectionId, Exception Error)>> RefreshEachAsync(Guid[] connectionIds, CancellationToken cancellationToken)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<(Guid ConnectionId, Exception Error)>();
        await Parallel.ForEachAsync(
            connectionIds.Distinct(),
            new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<TokenRefreshJobs>().RefreshAsync(id, 1, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogBatchItemFailed(e, id);
                    failures.Enqueue((id, e));
                }
            });
        return failures;
    }

    /// <summary>Fails the job (listing the connections) when a refresh threw; the next sweep finds them again.</summary>
    private static void ThrowIfAnyFailed(IReadOnlyCollection<(Guid ConnectionId, Exception Error)> failures, int of)
    {
        if (failures.Count > 0)
        {
            throw new AggregateException(
                $"Refreshing {failures.Count} of {of} connections failed: {string.Join(", ", failures.Select(f => f.ConnectionId))}",
                failures.Select(f => f.Error));
        }
    }

    /// <summary>Refreshes one connection. Retries are our own, so they can honour the provider's Retry-After.</summary>
    [DisplayName("Refresh provider tokens of connection {0} (attempt {1})")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshAsync(Guid connectionId, int attempt, CancellationToken cancellationToken)
    {
        var result = await tokens.RefreshIfExpiringAsync(connectionId, options.Value.TokenRefreshWindow, cancellationToken);
        if (result.IsSuccess)
        {
            return;
        }

        var failure = result.Failure!;
        if (failure.Kind == ProviderFailureKind.Transient && attempt < MaxAttempts)
        {
            var delay = RetryDelay(failure.RetryAfter, attempt);
            jobs.Schedule<TokenRefreshJobs>(job => job.RefreshAsync(connectionId, attempt + 1, CancellationToken.None), delay);
            LogRetry(connectionId, failure.Provider, attempt, delay.TotalSeconds);
            return;
        }

        // invalid_grant / revoked: the token source already marked the connection "reconnect needed"; no retry storm.
        LogGaveUp(connectionId, failure.Provider, failure.Kind);
    }

    /// <summary>The provider's Retry-After when it sent one, else exponential backoff with jitter (5 s, 10 s, 20 s, … ≤ 5 min).</summary>
    public static TimeSpan RetryDelay(TimeSpan? retryAfter, int attempt)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked;
        }

        // The cap applies after the jitter: ±20 % of 5 min would otherwise wait up to 6 min.
        var seconds = 5 * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromSeconds(Math.Min(300, seconds));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing connection {ConnectionId} in a batch failed; the next sweep tries again")]
    private partial void LogBatchItemFailed(Exception exception, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token refresh sweep: {Due} connection(s) expire soon and wait; {AtWork} drain job(s) at work, {Started} started")]
    private partial void LogSweep(int due, int atWork, int started);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token refresh drained: no connection waits for a refresh")]
    private partial void LogDrained();

    /// <summary>A page of connections claimed for one drain job.</summary>
    private sealed record ClaimedPage(Guid ClaimId, Guid[] ConnectionIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} ({Provider}) failed transiently on attempt {Attempt}; retrying in {DelaySeconds:0} s")]
    private partial void LogRetry(Guid connectionId, string provider, int attempt, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} ({Provider}) stopped: {Kind}")]
    private partial void LogGaveUp(Guid connectionId, string provider, ProviderFailureKind kind);
}
