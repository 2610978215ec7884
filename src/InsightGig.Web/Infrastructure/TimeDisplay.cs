using System.Collections.Concurrent;
using System.Globalization;

namespace InsightGig.Web.Infrastructure;

/// <summary>Shows instants in the viewer's own IANA zone, always with the zone named.</summary>
public static class TimeDisplay
{
    public static string InZone(DateTimeOffset utc, string timeZoneId)
    {
        var zone = Zone(timeZoneId);
        return TimeZoneInfo.ConvertTime(utc, zone).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " (" + zone.Id + ")";
    }

    public static string Date(DateTimeOffset utc, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(utc, Zone(timeZoneId)).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string TimeOnly(DateTimeOffset utc, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(utc, Zone(timeZoneId)).ToString("HH:mm", CultureInfo.InvariantCulture);

    // TimeZoneInfo's own lookup takes a process-wide lock on every call, and a project page formats hundreds of times; the
    // ids come from people's saved settings, so the set stays small.
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>The viewer's zone; an unknown id falls back to UTC (which the text then names) rather than failing the page.</summary>
    public static TimeZoneInfo Zone(string timeZoneId) =>
        Zones.GetOrAdd(timeZoneId, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc);
}
