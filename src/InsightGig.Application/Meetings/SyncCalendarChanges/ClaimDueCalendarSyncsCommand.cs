using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// The sweep's step (every minute): claims the calendars whose sync is due, earliest due first, at most
/// <see cref="CalendarSyncSettings.BudgetPerSweep"/>, and answers them (whose syncs the caller queues, one each). A
/// calendar is an active calendar connection that is either one person's invite calendar while they organize a meeting
/// that is scheduled and not long over, or the connection holding the event of such a meeting
/// (<see cref="Meeting.CalendarConnectionId"/>: a calendar-hosted platform on another account than the invite calendar).
/// Each has its own <see cref="CalendarSyncState"/> and is claimed at most once. Nobody is dropped: a due calendar left out
/// stays due, and since each sync moves its calendar's due time into the future, those left out are first in the next
/// sweep. A calendar whose sync is already queued or running (claimed, e.g. after a notification) is not claimed twice.
/// </summary>
public sealed record ClaimDueCalendarSyncsCommand : ICommand<IReadOnlyList<CalendarToSync>>;

/// <summary>A claimed calendar: whose, and which connection (<see cref="SyncCalendarChangesCommand.ConnectionId"/>).</summary>
public sealed record CalendarToSync(Guid OrganizerId, Guid ConnectionId);

internal sealed class ClaimDueCalendarSyncsHandler(IApplicationDbContext db, ProviderCatalog catalog, CalendarSyncSettings settings, TimeProvider clock)
    : ICommandHandler<ClaimDueCalendarSyncsCommand, IReadOnlyList<CalendarToSync>>
{
    public async ValueTask<IReadOnlyList<CalendarToSync>> Handle(ClaimDueCalendarSyncsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var calendarKeys = catalog.Calendars.Select(c => c.Key).ToList();
        var since = now - SyncCalendarChangesHandler.FullSyncWindow;
        var budget = settings.BudgetPerSweep;

        // The calendars to read back: those holding a live meeting's event, and the invite calendars of organizers with
        // one (InviteCalendars.Pick in SQL: the chosen one, else the first connected).
        var calendars = db.ProviderConnections.AsNoTracking()
            .Where(c => calendarKeys.Contains(c.Provider) && c.Status == ConnectionStatus.Active
                && (db.Meetings.Any(m => m.CalendarConnectionId == c.Id && m.Status == MeetingStatus.Scheduled && m.EndUtc > since)
                    || (db.Meetings.Any(m => m.OrganizerId == c.PersonId && m.Status == MeetingStatus.Scheduled && m.EndUtc > since)
                        && !db.ProviderConnections.Any(o => o.PersonId == c.PersonId && o.Id != c.Id && calendarKeys.Contains(o.Provider)
                            && o.Status != ConnectionStatus.Disconnected
                            && ((o.ReceivesInvites && !c.ReceivesInvites) || (o.ReceivesInvites == c.ReceivesInvites && o.ConnectedAtUtc < c.ConnectedAtUtc))))));

        // Calendars never read get their row, due since they were connected (they have waited longest).
        var unstarted = await calendars
            .Where(c => !db.CalendarSyncStates.Any(s => s.ConnectionId == c.Id))
            .OrderBy(c => c.ConnectedAtUtc)
            .Select(c => new { c.Id, c.PersonId, c.AccountEmail, c.ConnectedAtUtc })
            .Take(budget)
            .ToListAsync(cancellationToken);
        if (unstarted.Count > 0)
        {
            foreach (var c in unstarted)
            {
                db.CalendarSyncStates.Add(CalendarSyncState.Start(Guid.NewGuid(), c.Id, c.PersonId, c.AccountEmail, c.ConnectedAtUtc));
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A sync made one of these rows first; the next sweep adds the rest.
            }
        }

        var due = await db.CalendarSyncStates.AsNoTracking()
            .Where(s => s.NextSyncDueAtUtc <= now && (s.SyncClaimedUntilUtc == null || s.SyncClaimedUntilUtc <= now)
                && calendars.Any(c => c.Id == s.ConnectionId))
            .OrderBy(s => s.NextSyncDueAtUtc)
            .Select(s => s.Id)
            .Take(budget)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        // One conditional UPDATE claims those still free; the claim token reads back which (a notification may have won some).
        var claim = Guid.NewGuid();
        var claimed = new List<CalendarToSync>(due.Count);
        foreach (var batch in due.Chunk(500))
        {
            await db.CalendarSyncStates
                .Where(s => batch.Contains(s.Id) && (s.SyncClaimedUntilUtc == null || s.SyncClaimedUntilUtc <= now))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.SyncClaimedUntilUtc, now + settings.ClaimLease).SetProperty(s => s.SyncClaimToken, claim), cancellationToken);
            claimed.AddRange(await db.CalendarSyncStates.AsNoTracking()
                .Where(s => batch.Contains(s.Id) && s.SyncClaimToken == claim)
                .OrderBy(s => s.NextSyncDueAtUtc)
                .Select(s => new CalendarToSync(s.PersonId, s.ConnectionId))
                .ToListAsync(cancellationToken));
        }

        return claimed;
    }
}
