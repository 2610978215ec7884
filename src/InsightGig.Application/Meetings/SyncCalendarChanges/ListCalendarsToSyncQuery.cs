using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// The people whose calendar changes matter: an active calendar connection and a meeting they organize that is scheduled
/// and not long over (for the recurring sync job).
/// </summary>
public sealed record ListCalendarsToSyncQuery(int Max = 5000) : IQuery<IReadOnlyList<Guid>>;

internal sealed class ListCalendarsToSyncHandler(IApplicationDbContext db, ProviderCatalog catalog, TimeProvider clock) : IQueryHandler<ListCalendarsToSyncQuery, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(ListCalendarsToSyncQuery query, CancellationToken cancellationToken)
    {
        var calendarKeys = catalog.Calendars.Select(c => c.Key).ToList();
        var since = clock.GetUtcNow() - SyncCalendarChangesHandler.FullSyncWindow;
        return await db.ProviderConnections.AsNoTracking()
            .Where(c => calendarKeys.Contains(c.Provider) && c.Status == ConnectionStatus.Active
                && db.Meetings.Any(m => m.OrganizerId == c.PersonId && m.Status == MeetingStatus.Scheduled && m.EndUtc > since))
            .Select(c => c.PersonId)
            .Distinct()
            .Take(query.Max)
            .ToListAsync(cancellationToken);
    }
}
