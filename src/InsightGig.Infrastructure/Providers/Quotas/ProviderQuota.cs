namespace InsightGig.Infrastructure.Providers.Quotas;

/// <summary>Whose requests a quota counts: the whole app's (one provider project) or one connected account's.</summary>
public enum QuotaScope
{
    Project,
    Account,
}

/// <summary>
/// A provider's published limit, declared by its unit (e.g. <c>Providers/Zoom/ZoomQuotas</c>) and enforced for every app
/// instance by <see cref="ProviderQuotaGate"/> through the database. Windows are fixed and aligned to UTC (a one-day window
/// resets at 00:00 UTC).
/// </summary>
/// <param name="Provider">The unit's key.</param>
/// <param name="Name">Unique within the provider (part of the counter's key).</param>
/// <param name="Limit">Requests allowed per window, as the provider states it (or a little under, for safety).</param>
/// <param name="BackgroundShare">
/// The share of <paramref name="Limit"/> background work may use; the rest is kept for what a user is waiting for, so
/// interactive calls go first. 1 for limits where nothing can be deferred in favour of another (a daily allowance).
/// </param>
/// <param name="ExhaustedMessage">
/// What the user is told when the quota is used up until a time (a daily allowance): the provider's name and figures,
/// from the unit. Null for short windows (a second, a minute), which are waited out instead.
/// </param>
public sealed record ProviderQuota(
    string Provider,
    string Name,
    QuotaScope Scope,
    int Limit,
    TimeSpan Window,
    double BackgroundShare = 0.8,
    Func<DateTimeOffset, string>? ExhaustedMessage = null)
{
    /// <summary>The limit for background work (at least one request per window).</summary>
    public int BackgroundLimit => Math.Max(1, (int)Math.Floor(Limit * BackgroundShare));

    /// <summary>The start of the window <paramref name="nowUtc"/> falls in (windows are aligned to the Unix epoch, so to UTC days).</summary>
    public DateTimeOffset WindowStart(DateTimeOffset nowUtc) =>
        new(nowUtc.UtcTicks - ((nowUtc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % Window.Ticks), TimeSpan.Zero);

    public string CounterKey(Guid accountId) => Scope == QuotaScope.Account ? $"{Provider}:{Name}:{accountId:N}" : $"{Provider}:{Name}";
}
