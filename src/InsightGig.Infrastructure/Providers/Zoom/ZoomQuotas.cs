using InsightGig.Infrastructure.Providers.Quotas;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>
/// Zoom's published limits, enforced before each call by <see cref="ProviderQuotaGate"/>. Zoom counts per account and plan
/// (Pro: 20 requests a second for Medium calls such as creating a meeting; Free: 2), and allows each user
/// <see cref="MeetingChangesPerDay"/> meeting creates and updates per UTC day. InsightGig cannot see which Zoom account
/// or plan a user is on, so it counts per connected user at the Pro rate.
/// </summary>
internal static class ZoomQuotas
{
    public const int MeetingChangesPerDay = 100;

    public const int RequestsPerSecond = 20;

    /// <summary>Every API call of one user.</summary>
    public static readonly ProviderQuota Requests = new(ZoomProvider.Key, "requests", QuotaScope.Account, RequestsPerSecond, TimeSpan.FromSeconds(1));

    /// <summary>Meeting creates and updates of one user per UTC day: nothing is deferred for another, so all of it is everyone's.</summary>
    public static readonly ProviderQuota MeetingChanges = new(ZoomProvider.Key, "meeting-changes", QuotaScope.Account, MeetingChangesPerDay, TimeSpan.FromDays(1),
        BackgroundShare: 1, ExhaustedMessage: DailyLimitMessage);

    public static readonly IReadOnlyList<ProviderQuota> Call = [Requests];

    public static readonly IReadOnlyList<ProviderQuota> MeetingChange = [Requests, MeetingChanges];

    /// <summary>What the user reads at the daily limit (ours, or Zoom's own daily-limit 429).</summary>
    public static string DailyLimitMessage(DateTimeOffset resetsAtUtc) =>
        $"Zoom allows {MeetingChangesPerDay} meeting changes a day per account; this one goes through after {resetsAtUtc.UtcDateTime:HH:mm} UTC.";

    /// <summary>The next 00:00 UTC after <paramref name="nowUtc"/>, when Zoom's daily limits reset.</summary>
    public static DateTimeOffset NextReset(DateTimeOffset nowUtc) => MeetingChanges.WindowStart(nowUtc) + MeetingChanges.Window;
}
