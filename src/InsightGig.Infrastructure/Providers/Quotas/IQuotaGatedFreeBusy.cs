namespace InsightGig.Infrastructure.Providers.Quotas;

/// <summary>
/// A free/busy adapter whose call takes permits of these quotas (through <see cref="ProviderQuotaGate.AcquireAsync"/> with
/// this very list), so a reader asking many calendars at once can take all their permits in one go
/// (<see cref="ProviderQuotaGate.TryAcquireForEachAsync"/>) instead of one round of commands per calendar.
/// </summary>
internal interface IQuotaGatedFreeBusy
{
    IReadOnlyList<ProviderQuota> FreeBusyQuotas { get; }
}
