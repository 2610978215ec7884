using System.Data.Common;
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

    private static readonly AsyncLocal<PrepaidPermit?> Prepaid = new();

    /// <summary>Null when every quota gave a permit; otherwise why the call must not go out (nothing was sent).</summary>
    public async Task<ProviderFailure?> AcquireAsync(IReadOnlyList<ProviderQuota> quotas, Guid accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        // Taken already by TryAcquireForEachAsync for exactly this call (one call per prepaid permit).
        if (Prepaid.Value is { } prepaid && ReferenceEquals(prepaid.Quotas, quotas) && prepaid.AccountId == accountId && prepaid.TryUse())
        {
            return null;
        }

        var background = ProviderCallPriority.IsBackground;
        var waitLimit = background ? BackgroundWaitLimit : InteractiveWaitLimit;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var (pending, taken) = await TakeAllAtOnceAsync(db, quotas, accountId, background, cancellationToken);
        try
        {
            foreach (var quota in pending)
            {
                var limit = background ? quota.BackgroundLimit : quota.Limit;
                var waited = TimeSpan.Zero;
                while (true)
                {
                    var now = clock.GetUtcNow();
                    var window = quota.WindowStart(now);
                    if (await TryTakeAsync(db, quota.CounterKey(accountId), window, limit, cancellationToken))
                    {
                        taken.Add(new PermitTake(quota.CounterKey(accountId), window, limit, 1));
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
                        await GiveBackAsync(db, taken);
                        return new ProviderFailure(quota.Provider, ProviderFailureKind.QuotaExhausted, message(window + quota.Window), resetIn);
                    }

                    if (waited + resetIn >= waitLimit)
                    {
                        LogBusy(quota.Provider, quota.Name, background);
                        await GiveBackAsync(db, taken);
                        return new ProviderFailure(quota.Provider, ProviderFailureKind.Transient,
                            "InsightGig is pacing its requests to stay within the provider's limits; this will be retried shortly.", resetIn);
                    }

                    LogWaiting(quota.Provider, quota.Name, resetIn.TotalMilliseconds, background);
                    await Task.Delay(resetIn, clock, cancellationToken);
                    waited += resetIn;
                }
            }
        }
        catch (OperationCanceledException)
        {
            await GiveBackAsync(db, taken);
            throw;
        }

        return null;
    }

    /// <summary>
    /// Takes one permit of each of <paramref name="quotas"/> for every account at once, in a number of commands that does not
    /// depend on how many accounts there are: one read of the counters, one conditional UPDATE per quota (a project quota
    /// by the number of accounts), and one batched INSERT (with one DELETE of older windows) for windows not started yet,
    /// in one transaction. All or nothing: when any permit is not there right now (a full window, a used-up allowance, or
    /// another instance racing), nothing is taken and the answer is false; each call then takes its own permits through
    /// <see cref="AcquireAsync"/>, with its waits and messages. On true, run each account's call inside
    /// <see cref="UsePrepaid"/> so it does not take them again.
    /// </summary>
    public async Task<bool> TryAcquireForEachAsync(IReadOnlyList<ProviderQuota> quotas, IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(accountIds);
        if (accountIds.Count == 0 || quotas.Count == 0)
        {
            return true;
        }

        var background = ProviderCallPriority.IsBackground;
        var now = clock.GetUtcNow();
        // Project quotas first: every batch locks that one row first, so two batches never wait on each other's rows.
        var takes = quotas.OrderBy(q => q.Scope == QuotaScope.Project ? 0 : 1)
            .SelectMany(q => accountIds.Distinct().Select(a => (Quota: q, Key: q.CounterKey(a))))
            .GroupBy(t => (t.Quota, t.Key))
            .Select(g => new PermitTake(g.Key.Key, g.Key.Quota.WindowStart(now), background ? g.Key.Quota.BackgroundLimit : g.Key.Quota.Limit, g.Count()))
            .ToList();
        if (takes.Exists(t => t.Amount > t.Limit))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var counters = db.Set<ProviderQuotaCounter>();
        string[] keys = [.. takes.Select(t => t.Key)];
        DateTimeOffset[] windows = [.. takes.Select(t => t.WindowStartUtc).Distinct()];
        var existing = (await counters.AsNoTracking().Where(c => keys.Contains(c.Key) && windows.Contains(c.WindowStartUtc))
                .Select(c => new { c.Key, c.WindowStartUtc, c.Count }).ToListAsync(cancellationToken))
            .Where(c => takes.Exists(t => t.Key == c.Key && t.WindowStartUtc == c.WindowStartUtc))
            .ToDictionary(c => c.Key, c => c.Count);
        if (takes.Exists(t => existing.TryGetValue(t.Key, out var count) && count + t.Amount > t.Limit))
        {
            return false;
        }

        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // One conditional UPDATE per (window, limit, amount): a quota's accounts together.
                foreach (var group in takes.Where(t => existing.ContainsKey(t.Key)).GroupBy(t => (t.WindowStartUtc, t.Limit, t.Amount)))
                {
                    var (window, limit, amount) = group.Key;
                    string[] groupKeys = [.. group.Select(t => t.Key)];
                    var taken = await counters.Where(c => groupKeys.Contains(c.Key) && c.WindowStartUtc == window && c.Count + amount <= limit)
                        .ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, c => c.Count + amount), ct);
                    if (taken != groupKeys.Length)
                    {
                        await transaction.RollbackAsync(ct);
                        return false;
                    }
                }

                var starting = takes.Where(t => !existing.ContainsKey(t.Key)).ToList();
                if (starting.Count > 0)
                {
                    if (await CounterRows.InsertAbsentAsync(db, starting, ct) != starting.Count)
                    {
                        // Another instance made one of these windows' rows first: take nothing here.
                        await transaction.RollbackAsync(ct);
                        return false;
                    }

                    string[] startingKeys = [.. starting.Select(t => t.Key)];
                    var oldest = starting.Min(t => t.WindowStartUtc);
                    await counters.Where(c => startingKeys.Contains(c.Key) && c.WindowStartUtc < oldest).ExecuteDeleteAsync(ct);
                }

                await transaction.CommitAsync(ct);
                return true;
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is DbUpdateException or DbException)
        {
            // The database chose this transaction as a deadlock victim: nothing was taken (rolled back), and the calls take
            // their permits one by one.
            LogBatchRaced(exception);
            return false;
        }
    }

    /// <summary>
    /// Marks the call made inside this scope (in this async flow) as already holding its permits of <paramref name="quotas"/>
    /// for <paramref name="accountId"/>, taken by <see cref="TryAcquireForEachAsync"/>: the first matching
    /// <see cref="AcquireAsync"/> passes without a command; any further one takes its own.
    /// </summary>
    public static IDisposable UsePrepaid(IReadOnlyList<ProviderQuota> quotas, Guid accountId)
    {
        var previous = Prepaid.Value;
        Prepaid.Value = new PrepaidPermit(quotas, accountId);
        return new PrepaidScope(previous);
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

    /// <summary>
    /// The common case in one statement: every quota's window has its row and room, and one UPDATE takes them all (one round
    /// trip a call instead of one per quota). Answers the quotas it could not take (a window's first request, a full window),
    /// which then take their permit one by one with the waits, the window's first row and the messages, and the permits it took.
    /// </summary>
    private async Task<(IReadOnlyList<ProviderQuota> Pending, List<PermitTake> Taken)> TakeAllAtOnceAsync(
        ApplicationDbContext db, IReadOnlyList<ProviderQuota> quotas, Guid accountId, bool background, CancellationToken cancellationToken)
    {
        if (quotas.Count < 2)
        {
            return (quotas, []);
        }

        var now = clock.GetUtcNow();
        List<PermitTake> takes = [.. quotas.Select(q => new PermitTake(q.CounterKey(accountId), q.WindowStart(now), background ? q.BackgroundLimit : q.Limit, 1))];
        var taken = await CounterRows.TakeOneWhereRoomAsync(db, takes, cancellationToken);
        return ([.. quotas.Where(q => !taken.Contains(q.CounterKey(accountId), StringComparer.Ordinal))],
            [.. takes.Where(t => taken.Contains(t.Key, StringComparer.Ordinal))]);
    }

    /// <summary>
    /// A call that is not sent holds no permit: those it took of its other quotas go back. (Before the permits were taken in one
    /// statement, a call refused by its second quota kept the first one's: a Google user at their limit used up the project's.)
    /// </summary>
    private static async Task GiveBackAsync(ApplicationDbContext db, List<PermitTake> taken)
    {
        foreach (var permit in taken)
        {
            await db.Set<ProviderQuotaCounter>().Where(c => c.Key == permit.Key && c.WindowStartUtc == permit.WindowStartUtc && c.Count > 0)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, c => c.Count - 1), CancellationToken.None);
        }
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

            // Full only if the row says so: a row with room was made by a racing first request after the UPDATE looked, and
            // the permit is taken with the UPDATE again (answering "full" here made the call wait a whole window).
            if (await counters.Where(c => c.Key == key && c.WindowStartUtc == window).Select(c => (int?)c.Count)
                    .FirstOrDefaultAsync(cancellationToken) is { } taken)
            {
                if (taken >= limit)
                {
                    return false;
                }

                continue;
            }

            // The window's first request makes its row (and drops the key's older windows). The first requests of a window may
            // race to make it: the insert makes the row only where it is absent, so the one that finds it made (no unique-key
            // error, nothing logged) takes its permit with the UPDATE again.
            if (await CounterRows.InsertAbsentAsync(db, [new PermitTake(key, window, limit, 1)], cancellationToken) == 1)
            {
                await counters.Where(c => c.Key == key && c.WindowStartUtc < window).ExecuteDeleteAsync(cancellationToken);
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Quota permits for several accounts not taken at once; each call takes its own")]
    private partial void LogBatchRaced(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota {Provider}/{Quota} used up until {ResetsAtUtc:u}")]
    private partial void LogExhausted(string provider, string quota, DateTimeOffset resetsAtUtc);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Quota {Provider}/{Quota} full; waiting {WaitMs:0} ms for the next window (background: {Background})")]
    private partial void LogWaiting(string provider, string quota, double waitMs, bool background);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota {Provider}/{Quota} full for longer than this call waits (background: {Background})")]
    private partial void LogBusy(string provider, string quota, bool background);

    internal sealed record PermitTake(string Key, DateTimeOffset WindowStartUtc, int Limit, int Amount);

    private sealed class PrepaidPermit(IReadOnlyList<ProviderQuota> quotas, Guid accountId)
    {
        private int _used;

        public IReadOnlyList<ProviderQuota> Quotas => quotas;

        public Guid AccountId => accountId;

        public bool TryUse() => Interlocked.Exchange(ref _used, 1) == 0;
    }

    private sealed class PrepaidScope(PrepaidPermit? previous) : IDisposable
    {
        public void Dispose() => Prepaid.Value = previous;
    }
}
