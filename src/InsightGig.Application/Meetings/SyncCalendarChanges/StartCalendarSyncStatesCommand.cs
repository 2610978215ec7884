using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// Gives a <see cref="CalendarSyncState"/> to every calendar connection that has none: those linked before rows were made
/// with the link (<see cref="CalendarSyncStateWakes"/>), or written past it (a bulk import). Run at start-up and hourly, not
/// by the minute sweep: in steady state it finds nothing, and it checks no meetings (one anti-join of connections and
/// rows, by the unique index on the rows' connection), so it stays cheap at any size. Each row is due since its connection
/// was made; the sweep reads it, or parks it when it is no calendar to read. Answers how many rows it made.
/// </summary>
public sealed record StartCalendarSyncStatesCommand : ICommand<int>
{
    /// <summary>Rows made per save, so a first run over many connections holds no long transaction.</summary>
    public const int PageSize = 1000;
}

internal sealed class StartCalendarSyncStatesHandler(IApplicationDbContext db, ProviderCatalog catalog)
    : ICommandHandler<StartCalendarSyncStatesCommand, int>
{
    public async ValueTask<int> Handle(StartCalendarSyncStatesCommand command, CancellationToken cancellationToken)
    {
        var calendarKeys = catalog.Calendars.Select(c => c.Key).ToList();
        var made = 0;
        while (true)
        {
            var page = await db.ProviderConnections.AsNoTracking()
                .Where(c => calendarKeys.Contains(c.Provider) && !db.CalendarSyncStates.Any(s => s.ConnectionId == c.Id))
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.PersonId, c.AccountEmail, c.ConnectedAtUtc })
                .Take(StartCalendarSyncStatesCommand.PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return made;
            }

            var rows = page.Select(c => CalendarSyncState.Start(Guid.NewGuid(), c.Id, c.PersonId, c.AccountEmail, c.ConnectedAtUtc)).ToList();
            db.CalendarSyncStates.AddRange(rows);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance (or a sync) made one of these rows meanwhile: leave the rest to the next run rather than
                // retry the same page here.
                // (Removing rows the context only added forgets them: nothing is deleted.)
                db.CalendarSyncStates.RemoveRange(rows);
                return made;
            }

            made += rows.Count;
            if (page.Count < StartCalendarSyncStatesCommand.PageSize)
            {
                return made;
            }
        }
    }
}
