using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.Providers;

/// <summary>
/// Which of a person's calendar connections receives their invites and is read back: the one they chose on Connected apps;
/// until they choose, the first they linked. A disconnected calendar is never picked; one that needs reconnecting still is,
/// so the person is told to reconnect it rather than their invites silently moving elsewhere.
/// </summary>
public static class InviteCalendars
{
    public static T? Pick<T>(IEnumerable<T> calendarConnections, Func<T, ConnectionStatus> status, Func<T, bool> chosen, Func<T, DateTimeOffset> connectedAt)
        where T : class =>
        calendarConnections
            .Where(c => status(c) != ConnectionStatus.Disconnected)
            .OrderByDescending(chosen)
            .ThenBy(connectedAt)
            .FirstOrDefault();

    public static ProviderConnection? Pick(IEnumerable<ProviderConnection> calendarConnections) =>
        Pick(calendarConnections, c => c.Status, c => c.ReceivesInvites, c => c.ConnectedAtUtc);

    /// <summary>The person's invite calendar connection (not tracked), or null when they connected no calendar.</summary>
    public static async Task<ProviderConnection?> LoadAsync(IApplicationDbContext db, ProviderCatalog catalog, Guid personId, CancellationToken cancellationToken) =>
        Pick(await LoadCalendarConnectionsAsync(db, catalog, personId, cancellationToken));

    /// <summary>All of the person's calendar connections, whatever their status (not tracked).</summary>
    public static async Task<List<ProviderConnection>> LoadCalendarConnectionsAsync(IApplicationDbContext db, ProviderCatalog catalog, Guid personId, CancellationToken cancellationToken)
    {
        var calendarKeys = catalog.Calendars.Select(c => c.Key).ToList();
        return await db.ProviderConnections.AsNoTracking()
            .Where(c => c.PersonId == personId && calendarKeys.Contains(c.Provider))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The adapter of <paramref name="connection"/>'s calendar.</summary>
    public static ICalendarProvider AdapterFor(IEnumerable<ICalendarProvider> calendars, ProviderConnection connection) =>
        calendars.SingleOrDefault(c => c.Provider == connection.Provider)
            ?? throw new InvalidOperationException($"No calendar adapter is registered for '{connection.Provider}'.");
}
