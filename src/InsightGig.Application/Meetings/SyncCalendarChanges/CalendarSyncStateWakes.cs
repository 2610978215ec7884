using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// Keeps a <see cref="CalendarSyncState"/> for every calendar connection, so the sweep finds the calendars to read by an
/// index of due rows instead of scanning every connection: a calendar connection gets its row in the save that links it,
/// and a change that may make one of a person's calendars one to read back (a meeting of theirs scheduled or moved; a
/// connection of theirs linked again, disconnected, or chosen for invites) wakes that person's rows in the same save. The
/// sweep decides which woken rows are calendars to read and parks the others (<see cref="ClaimDueCalendarSyncsCommand"/>);
/// <see cref="StartCalendarSyncStatesCommand"/> gives a row to connections linked before this.
/// </summary>
public sealed class CalendarSyncStateWakes(ProviderCatalog catalog, TimeProvider clock)
{
    /// <summary>
    /// Adds the rows of <paramref name="linked"/> (new connections; those not calendars get none) and wakes the rows of
    /// <paramref name="peopleToWake"/>, as tracked changes the caller's save commits with what caused them.
    /// </summary>
    public async Task PlanAsync(IApplicationDbContext db, IReadOnlyCollection<ProviderConnection> linked, IReadOnlyCollection<Guid> peopleToWake,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(linked);
        ArgumentNullException.ThrowIfNull(peopleToWake);
        // A save tried again plans again: a row it already added is not added twice.
        foreach (var connection in linked.Where(c => catalog.OffersCalendar(c.Provider) && !db.CalendarSyncStates.Local.Any(s => s.ConnectionId == c.Id)))
        {
            // Due since it was connected, like every calendar not read yet: the sweep reads it, or parks it if it has no meeting.
            db.CalendarSyncStates.Add(CalendarSyncState.Start(Guid.NewGuid(), connection.Id, connection.PersonId, connection.AccountEmail, connection.ConnectedAtUtc));
        }

        if (peopleToWake.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var ids = peopleToWake.ToList();
        foreach (var state in await db.CalendarSyncStates.Where(s => ids.Contains(s.PersonId)).ToListAsync(cancellationToken))
        {
            state.Wake(now);
        }
    }
}
