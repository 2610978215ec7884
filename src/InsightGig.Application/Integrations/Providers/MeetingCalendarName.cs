using InsightGig.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.Providers;

/// <summary>The name, as people know it, of the calendar that holds a meeting's event (its calendar connection's provider).</summary>
internal static class MeetingCalendarName
{
    /// <summary>Used when the meeting names no calendar connection (or it is gone).</summary>
    public const string Unknown = "calendar";

    public static async Task<string> ForAsync(IApplicationDbContext db, ProviderCatalog catalog, Guid? calendarConnectionId, CancellationToken cancellationToken)
    {
        var provider = calendarConnectionId is { } id
            ? await db.ProviderConnections.AsNoTracking().Where(c => c.Id == id).Select(c => c.Provider).FirstOrDefaultAsync(cancellationToken)
            : null;
        return provider is null ? Unknown : catalog.Describe(provider).ServiceName;
    }
}
