using InsightGig.Infrastructure.Providers.Quotas;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>
/// Google Calendar API's default quotas, enforced before each call by <see cref="ProviderQuotaGate"/>: 10,000 requests a
/// minute per project (every user of this app together) and 600 a minute per user. Background work (sweeps, retries)
/// gets 80 % of each, so what a user is waiting for still goes through when the sweep is busy.
/// </summary>
internal static class GoogleQuotas
{
    public static readonly ProviderQuota PerProject = new(GoogleProvider.Key, "per-project", QuotaScope.Project, 10_000, TimeSpan.FromMinutes(1));

    public static readonly ProviderQuota PerUser = new(GoogleProvider.Key, "per-user", QuotaScope.Account, 600, TimeSpan.FromMinutes(1));

    public static readonly IReadOnlyList<ProviderQuota> Call = [PerUser, PerProject];
}
