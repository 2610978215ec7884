using System.Collections.Concurrent;
using System.Globalization;

namespace InsightGig.Web.Infrastructure;

/// <summary>Shows instants in the viewer's own IANA zone, always with the zone named.</summary>
public static class TimeDisplay
{
    public static string InZone(DateTimeOffset utc, string timeZoneId) => InZone(utc, Zone(timeZoneId));

    /// <summary>"Tue 8 Dec 2026, 14:00 (Europe/London)" as one string: the time is formatted into it, not into a string of its own.</summary>
    public static string InZone(DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(utc, zone):ddd d MMM yyyy, HH:mm} ({zone.Id})");
    }

    public static string Date(DateTimeOffset utc, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(utc, Zone(timeZoneId)).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string TimeOnly(DateTimeOffset utc, string timeZoneId) => TimeOnly(utc, Zone(timeZoneId));

    public static string TimeOnly(DateTimeOffset utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(utc, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    // TimeZoneInfo's own lookup takes a process-wide lock on every call, and a project page formats hundreds of times; the
    // ids come from people's saved settings, so the set stays small.
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>The viewer's zone; an unknown id falls back to UTC (which the text then names) rather than failing the page.</summary>
    public static TimeZoneInfo Zone(string timeZoneId) =>
        Zones.GetOrAdd(timeZoneId, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc);
}
