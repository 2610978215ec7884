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
    public const int DefaultPageSize = 1000;

    /// <summary>Rows made per save (<see cref="DefaultPageSize"/>; tests page through a few).</summary>
    public int PageSize { get; init; } = DefaultPageSize;
}

internal sealed class StartCalendarSyncStatesHandler(IApplicationDbContext db, ProviderCatalog catalog)
    : ICommandHandler<StartCalendarSyncStatesCommand, int>
{
    public async ValueTask<int> Handle(StartCalendarSyncStatesCommand command, CancellationToken cancellationToken)
    {
        var calendarKeys = catalog.Calendars.Select(c => c.Key).ToList();
        var made = 0;
        // Keyset paging: each page starts after the last connection of the one before, so the anti-join does not walk again
        // past the connections just given rows (from the first one, every page took 451 ms at 93,000 rows; 849 s in all).
        Guid? after = null;
        while (true)
        {
            var candidates = db.ProviderConnections.AsNoTracking()
                .Where(c => calendarKeys.Contains(c.Provider) && !db.CalendarSyncStates.Any(s => s.ConnectionId == c.Id));
            if (after is { } last)
            {
                candidates = candidates.Where(c => c.Id.CompareTo(last) > 0);
            }

            var page = await candidates
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.PersonId, c.AccountEmail, c.ConnectedAtUtc })
                .Take(command.PageSize)
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
            after = page[^1].Id;
            if (page.Count < command.PageSize)
            {
                return made;
            }
        }
    }
}
