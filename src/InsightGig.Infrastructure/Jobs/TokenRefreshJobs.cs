using System.ComponentModel;
using Hangfire;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// Keeps provider tokens fresh so a meeting never fails because a token went stale. A recurring job finds the
/// connections whose access tokens expire soon and fans out refresh jobs: one per connection when there are few, one per
/// batch of <see cref="BatchSize"/> connections when there are many (each batch refreshes <see cref="BatchParallelism"/>
/// at a time). Each refresh goes through <see cref="IAccessTokenSource"/>, whose database lease makes it one token
/// exchange per connection across all instances, and retries on its own (<see cref="RefreshAsync"/>).
/// </summary>
/// <remarks>
/// Why batches: enqueuing a Hangfire job is a few database round trips, so a sweep that enqueued 10,000 jobs one by one
/// took longer than the refreshes themselves (docs/performance.md); 100 batch jobs are enqueued in a moment and still
/// spread over every worker of every instance.
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

    /// <summary>Connections per batch job; a sweep that finds at most this many enqueues one job per connection instead.</summary>
    public const int BatchSize = 100;

    /// <summary>
    /// Batch jobs one sweep enqueues at most; beyond 20,000 connections the batches grow instead. Each enqueue is a few
    /// round trips to Hangfire's storage: at 100,000 connections, 1,000 enqueues of 100 took 240 s on a loaded machine
    /// (docs/performance.md), while the workers' concurrency is the same with 200 batches of 500.
    /// </summary>
    public const int MaxBatchesPerSweep = 200;

    /// <summary>Refreshes a batch job runs at once (each mostly waits on the provider).</summary>
    public const int BatchParallelism = 8;

    [DisplayName("Find provider tokens that expire soon and refresh each")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> EnqueueExpiringAsync(CancellationToken cancellationToken)
    {
        var horizon = clock.GetUtcNow() + options.Value.TokenRefreshWindow;
        var ids = await db.ProviderConnections.AsNoTracking()
            .Where(c => c.Status == ConnectionStatus.Active && c.ProtectedRefreshToken != null
                && c.AccessTokenExpiresAtUtc != null && c.AccessTokenExpiresAtUtc <= horizon)
            .OrderBy(c => c.AccessTokenExpiresAtUtc)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        if (ids.Count <= BatchSize)
        {
            foreach (var id in ids)
            {
                jobs.Enqueue<TokenRefreshJobs>(job => job.RefreshAsync(id, 1, CancellationToken.None));
            }
        }
        else
        {
            // Soonest-expiring first, so the earliest batches take the most urgent connections.
            foreach (var batch in ids.Chunk(BatchSizeFor(ids.Count)))
            {
                jobs.Enqueue<TokenRefreshJobs>(job => job.RefreshBatchAsync(batch, CancellationToken.None));
            }
        }

        LogSweep(ids.Count);
        return ids.Count;
    }

    /// <summary>
    /// Refreshes a batch of connections, <see cref="BatchParallelism"/> at a time, each exactly as <see cref="RefreshAsync"/>
    /// (first attempt) in a DI scope of its own: a transient failure schedules that connection's own retry job. A
    /// connection whose refresh throws does not stop the others; the job then fails (listing them) and the next sweep
    /// finds them again.
    /// </summary>
    [DisplayName("Refresh the provider tokens of a batch of connections")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshBatchAsync(Guid[] connectionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
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
        if (!failures.IsEmpty)
        {
            throw new AggregateException(
                $"Refreshing {failures.Count} of {connectionIds.Length} connections failed: {string.Join(", ", failures.Select(f => f.ConnectionId))}",
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

    /// <summary>Connections per batch job when a sweep finds <paramref name="expiring"/>: <see cref="BatchSize"/>, or more so that at most <see cref="MaxBatchesPerSweep"/> jobs are enqueued.</summary>
    public static int BatchSizeFor(int expiring) => Math.Max(BatchSize, (expiring + MaxBatchesPerSweep - 1) / MaxBatchesPerSweep);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Token refresh sweep: {Count} connection(s) expire soon")]
    private partial void LogSweep(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} ({Provider}) failed transiently on attempt {Attempt}; retrying in {DelaySeconds:0} s")]
    private partial void LogRetry(Guid connectionId, string provider, int attempt, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} ({Provider}) stopped: {Kind}")]
    private partial void LogGaveUp(Guid connectionId, string provider, ProviderFailureKind kind);
}
