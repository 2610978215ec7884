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
/// Each has its own <see cref="CalendarSyncState"/> (made when the connection was linked) and is claimed at most once; a
/// due row that is no longer a calendar to read is parked instead, until a change wakes it (<see cref="CalendarSyncStateWakes"/>). Nobody is dropped: a due calendar left out
/// stays due, and since each sync moves its calendar's due time into the future, those left out are first in the next
/// sweep. A calendar whose sync is already queued or running (claimed, e.g. after a notification) is not claimed twice.
/// </summary>
public sealed record ClaimDueCalendarSyncsCommand : ICommand<IReadOnlyList<CalendarToSync>>;

/// <summary>A claimed calendar: whose, and which connection (<see cref="SyncCalendarChangesCommand.ConnectionId"/>).</summary>
public sealed record CalendarToSync(Guid OrganizerId, Guid ConnectionId);

internal sealed class ClaimDueCalendarSyncsHandler(
    IApplicationDbContext db, ProviderCatalog catalog, CalendarSyncSettings settings, ICalendarSyncScheduler scheduler, TimeProvider clock)
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

        // Every calendar connection has its row (CalendarSyncStateWakes), so the due ones are a range of the index on
        // (Parked, NextSyncDueAtUtc): the earliest due, at most the budget, are taken from it first, and only those are
        // checked for whether they are still calendars to read (by their connections' keys). Checking inside the same query
        // let the planner, when most rows were due, work out the eligible set for every connection (2.2 s at 100,000);
        // this way the sweep's cost grows with the budget, not with the calendars. Those no longer to read (their meetings
        // ended or were cancelled, the connection went) are parked below and skipped from then on, until a change wakes
        // them; the eligible rows behind them are first in the next sweep.
        var due = await db.CalendarSyncStates.AsNoTracking()
            .Where(s => !s.Parked && s.NextSyncDueAtUtc <= now && (s.SyncClaimedUntilUtc == null || s.SyncClaimedUntilUtc <= now))
            .OrderBy(s => s.NextSyncDueAtUtc)
            .Take(budget)
            .Select(s => new { s.Id, s.ConnectionId, s.WakeCount })
            .ToListAsync(cancellationToken);
        // One query for the whole claim (ten of 500 cost more in round trips than they saved: docs/performance.md, "Scale"),
        // its ids one array-like parameter: EF 10 would otherwise send a parameter per id, past SQL Server's 2,100.
        var dueConnections = due.Select(s => s.ConnectionId).ToArray();
        var toReadConnections = (await calendars.Where(c => EF.Parameter(dueConnections).Contains(c.Id))
            .Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();

        var idle = due.Where(s => !toReadConnections.Contains(s.ConnectionId)).Select(s => (s.Id, s.WakeCount)).ToList();
        await ParkAsync(idle, cancellationToken);
        await StopParkedChannelsAsync(idle.Select(s => s.Id), cancellationToken);
        var toRead = due.Where(s => toReadConnections.Contains(s.ConnectionId)).Select(s => s.Id).ToList();
        if (toRead.Count == 0)
        {
            return [];
        }

        // One conditional UPDATE claims those still free; the claim token reads back which (a notification may have won some).
        var claim = Guid.NewGuid();
        var claimed = new List<CalendarToSync>(due.Count);
        foreach (var batch in toRead.Chunk(500))
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

    /// <summary>
    /// The calendars just parked that still have a push channel open: each channel is stopped by a job of its own, queued
    /// now that the parking is committed, so the calendar does not announce changes nobody reads for up to a week.
    /// </summary>
    private async Task StopParkedChannelsAsync(IEnumerable<Guid> parked, CancellationToken cancellationToken)
    {
        foreach (var batch in parked.Chunk(500))
        {
            var withChannel = await db.CalendarSyncStates.AsNoTracking()
                .Where(s => batch.Contains(s.Id) && s.Parked && s.ChannelId != null)
                .Select(s => s.ConnectionId)
                .ToListAsync(cancellationToken);
            foreach (var connectionId in withChannel)
            {
                scheduler.EnqueueChannelStop(connectionId);
            }
        }
    }

    /// <summary>
    /// Parks the calendars found not to be read, each only if no change woke it since it was found so (its
    /// <see cref="CalendarSyncState.WakeCount"/> unchanged): a meeting whose save woke the row after the check above holds
    /// the row until it commits, and the UPDATE then sees the new count and leaves the calendar due.
    /// </summary>
    private async Task ParkAsync(IReadOnlyList<(Guid Id, int WakeCount)> idle, CancellationToken cancellationToken)
    {
        foreach (var sameCount in idle.GroupBy(s => s.WakeCount))
        {
            var count = sameCount.Key;
            foreach (var batch in sameCount.Select(s => s.Id).Chunk(500))
            {
                await db.CalendarSyncStates
                    .Where(s => batch.Contains(s.Id) && s.WakeCount == count && !s.Parked)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Parked, true), cancellationToken);
            }
        }
    }
}
