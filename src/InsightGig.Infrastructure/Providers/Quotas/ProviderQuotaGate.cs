using InsightGig.Application.Common.Telemetry;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InsightGig.Infrastructure.Providers.Quotas;

/// <summary>
/// Takes a permit from each of a call's <see cref="ProviderQuota"/>s before the call goes out, so InsightGig slows down
/// before the provider answers 429. Counters live in the database (a conditional UPDATE per permit), so every app instance
/// shares them. Background work (<see cref="ProviderCallPriority"/>) may use only <see cref="ProviderQuota.BackgroundLimit"/>
/// and waits for the next window; a user's call may use the whole limit and waits only briefly. A quota used up for longer
/// than that (a daily allowance) answers <see cref="ProviderFailureKind.QuotaExhausted"/> with the unit's message and when
/// it resets.
/// </summary>
public sealed partial class ProviderQuotaGate(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ProviderQuotaGate> logger)
{
    /// <summary>The longest a user's call waits for the next window.</summary>
    public static readonly TimeSpan InteractiveWaitLimit = TimeSpan.FromSeconds(2);

    /// <summary>The longest background work waits for windows before it gives up (and its job retries later).</summary>
    public static readonly TimeSpan BackgroundWaitLimit = TimeSpan.FromMinutes(2);

    /// <summary>Null when every quota gave a permit; otherwise why the call must not go out (nothing was sent).</summary>
    public async Task<ProviderFailure?> AcquireAsync(IReadOnlyList<ProviderQuota> quotas, Guid accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        var background = ProviderCallPriority.IsBackground;
        var waitLimit = background ? BackgroundWaitLimit : InteractiveWaitLimit;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        foreach (var quota in quotas)
        {
            var limit = background ? quota.BackgroundLimit : quota.Limit;
            var waited = TimeSpan.Zero;
            while (true)
            {
                var now = clock.GetUtcNow();
                var window = quota.WindowStart(now);
                if (await TryTakeAsync(db, quota.CounterKey(accountId), window, limit, cancellationToken))
                {
                    if (waited > TimeSpan.Zero)
                    {
                        InsightGigTelemetry.RecordQuotaWait(quota.Provider, quota.Name, waited);
                    }

                    break;
                }

                var resetIn = window + quota.Window - now;
                if (quota.ExhaustedMessage is { } message)
                {
                    LogExhausted(quota.Provider, quota.Name, window + quota.Window);
                    return new ProviderFailure(quota.Provider, ProviderFailureKind.QuotaExhausted, message(window + quota.Window), resetIn);
                }

                if (waited + resetIn >= waitLimit)
                {
                    LogBusy(quota.Provider, quota.Name, background);
                    return new ProviderFailure(quota.Provider, ProviderFailureKind.Transient,
                        "InsightGig is pacing its requests to stay within the provider's limits; this will be retried shortly.", resetIn);
                }

                LogWaiting(quota.Provider, quota.Name, resetIn.TotalMilliseconds, background);
                await Task.Delay(resetIn, clock, cancellationToken);
                waited += resetIn;
            }
        }

        return null;
    }

    /// <summary>How many requests <paramref name="quota"/> counted in the window of <paramref name="nowUtc"/> (for tests and operators).</summary>
    public async Task<int> CountAsync(ProviderQuota quota, Guid accountId, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quota);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var key = quota.CounterKey(accountId);
        var window = quota.WindowStart(nowUtc);
        return await db.Set<ProviderQuotaCounter>().Where(c => c.Key == key && c.WindowStartUtc == window).Select(c => c.Count).FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<bool> TryTakeAsync(ApplicationDbContext db, string key, DateTimeOffset window, int limit, CancellationToken cancellationToken)
    {
        var counters = db.Set<ProviderQuotaCounter>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // The common case: the window's row exists and has room; one UPDATE takes the permit atomically.
            if (await counters.Where(c => c.Key == key && c.WindowStartUtc == window && c.Count < limit)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken) == 1)
            {
                return true;
            }

            if (await counters.AnyAsync(c => c.Key == key && c.WindowStartUtc == window, cancellationToken))
            {
                return false;
            }

            // The window's first request makes its row (and drops the key's older windows); an instance that made it first
            // makes this insert fail, and the UPDATE is tried again.
            counters.Add(new ProviderQuotaCounter(key, window, 1));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await counters.Where(c => c.Key == key && c.WindowStartUtc < window).ExecuteDeleteAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota {Provider}/{Quota} used up until {ResetsAtUtc:u}")]
    private partial void LogExhausted(string provider, string quota, DateTimeOffset resetsAtUtc);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Quota {Provider}/{Quota} full; waiting {WaitMs:0} ms for the next window (background: {Background})")]
    private partial void LogWaiting(string provider, string quota, double waitMs, bool background);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota {Provider}/{Quota} full for longer than this call waits (background: {Background})")]
    private partial void LogBusy(string provider, string quota, bool background);
}
