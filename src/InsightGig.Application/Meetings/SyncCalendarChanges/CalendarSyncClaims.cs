using InsightGig.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// One sync in flight per calendar, across app instances: a claim on the calendar's <see cref="Domain.Integrations.CalendarSyncState"/>
/// row, taken and released with conditional UPDATEs. A notification that finds the calendar claimed raises the row's
/// follow-up flag instead of queueing a sync; the sync, when it ends, queues exactly one more if the flag is up.
/// </summary>
internal static class CalendarSyncClaims
{
    /// <summary>Claims the calendar when no sync holds it; false when one does.</summary>
    public static async Task<bool> TryClaimAsync(IApplicationDbContext db, Guid stateId, DateTimeOffset nowUtc, TimeSpan lease, CancellationToken cancellationToken) =>
        await db.CalendarSyncStates
            .Where(s => s.Id == stateId && (s.SyncClaimedUntilUtc == null || s.SyncClaimedUntilUtc <= nowUtc))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SyncClaimedUntilUtc, nowUtc + lease).SetProperty(s => s.SyncClaimToken, (Guid?)null), cancellationToken) == 1;

    /// <summary>
    /// Asks the sync holding the calendar for one more run. False when no sync holds it any more (it ended meanwhile):
    /// the caller claims it instead.
    /// </summary>
    public static async Task<bool> TryRequestFollowUpAsync(IApplicationDbContext db, Guid stateId, DateTimeOffset nowUtc, CancellationToken cancellationToken) =>
        await db.CalendarSyncStates
            .Where(s => s.Id == stateId && s.SyncClaimedUntilUtc != null && s.SyncClaimedUntilUtc > nowUtc)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.FollowUpRequested, true), cancellationToken) == 1;

    /// <summary>
    /// A sync starts reading: it holds the calendar for a fresh lease, and notifications that came before now are covered
    /// by this read (the follow-up flag is lowered; one raised from here on asks for another run).
    /// </summary>
    public static Task StartAsync(IApplicationDbContext db, Guid stateId, DateTimeOffset nowUtc, TimeSpan lease, CancellationToken cancellationToken) =>
        db.CalendarSyncStates
            .Where(s => s.Id == stateId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SyncClaimedUntilUtc, nowUtc + lease).SetProperty(s => s.FollowUpRequested, false), cancellationToken);

    /// <summary>
    /// The sync ended. Releases the calendar unless a notification asked for a follow-up meanwhile; then the claim stays
    /// (for the follow-up the caller queues), the flag is lowered, and the answer is true.
    /// </summary>
    public static async Task<bool> EndAsync(IApplicationDbContext db, Guid stateId, CancellationToken cancellationToken)
    {
        var released = await db.CalendarSyncStates
            .Where(s => s.Id == stateId && !s.FollowUpRequested)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SyncClaimedUntilUtc, (DateTimeOffset?)null).SetProperty(s => s.SyncClaimToken, (Guid?)null), cancellationToken);
        if (released == 1)
        {
            return false;
        }

        // The flag was up: lower it and keep the claim. A notification between the two UPDATEs finds the claim held and
        // raises the flag again, which the follow-up's own start lowers: it reads after that notification anyway.
        return await db.CalendarSyncStates
            .Where(s => s.Id == stateId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.FollowUpRequested, false), cancellationToken) == 1;
    }
}
