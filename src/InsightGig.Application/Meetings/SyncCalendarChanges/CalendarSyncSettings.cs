using InsightGig.Domain.Integrations;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>How calendar reads are paced (from the <c>Jobs</c> settings).</summary>
/// <param name="Cadence">Safety-net interval with push, polling intervals without.</param>
/// <param name="BudgetPerSweep">At most this many calendar syncs are started by one sweep (one a minute): the global budget.</param>
/// <param name="ClaimLease">How long a queued or running sync holds its calendar; a sync that died lets it run out.</param>
public sealed record CalendarSyncSettings(CalendarSyncCadence Cadence, int BudgetPerSweep, TimeSpan ClaimLease)
{
    public static CalendarSyncSettings Default { get; } = new(CalendarSyncCadence.Default, 5000, TimeSpan.FromMinutes(10));
}
