using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// The calendar connection a sync (or push channel) reads: the one named, when it is that person's calendar connection, else
/// (none named) the person's invite calendar. Whether it is the invite calendar is answered too: only there are meetings
/// that predate <see cref="Domain.Meetings.Meeting.CalendarConnectionId"/> looked for.
/// </summary>
internal static class CalendarsReadBack
{
    public static async Task<(ProviderConnection? Connection, bool IsInviteCalendar)> LoadAsync(
        IApplicationDbContext db, ProviderCatalog catalog, Guid personId, Guid? connectionId, CancellationToken cancellationToken)
    {
        var connections = await InviteCalendars.LoadCalendarConnectionsAsync(db, catalog, personId, cancellationToken);
        var invite = InviteCalendars.Pick(connections);
        var connection = connectionId is { } id ? connections.FirstOrDefault(c => c.Id == id) : invite;
        return (connection, connection is not null && connection.Id == invite?.Id);
    }
}
