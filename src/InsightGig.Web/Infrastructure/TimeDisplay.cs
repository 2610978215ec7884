using System.Collections.Concurrent;
using System.Globalization;

namespace InsightGig.Web.Infrastructure;

/// <summary>Shows instants in the viewer's own IANA zone, always with the zone named.</summary>
public static class TimeDisplay
{
    /// <summary>Room enough for <see cref="FormatInZone"/> ("Wed 30 Sep 2026, 14:00 (" and IANA ids, the longest 32 characters).</summary>
    public const int MaxInZoneLength = 128;

    public static string InZone(DateTimeOffset utc, string timeZoneId) => InZone(utc, Zone(timeZoneId));

    /// <summary>"Tue 8 Dec 2026, 14:00 (Europe/London)" as one string: the time is formatted into it, not into a string of its own.</summary>
    public static string InZone(DateTimeOffset utc, TimeZoneInfo zone)
    {
        Span<char> text = stackalloc char[MaxInZoneLength];
        return new string(text[..FormatInZone(text, utc, zone)]);
    }

    /// <summary>What <see cref="InZone(DateTimeOffset, TimeZoneInfo)"/> answers, written into <paramref name="destination"/>: its length.</summary>
    public static int FormatInZone(Span<char> destination, DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return destination.TryWrite(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(utc, zone):ddd d MMM yyyy, HH:mm} ({zone.Id})", out var written)
            ? written
            : throw new ArgumentException($"Room for {destination.Length} characters, too few for the time in {zone.Id}.", nameof(destination));
    }

    public static string Date(DateTimeOffset utc, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(utc, Zone(timeZoneId)).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string TimeOnly(DateTimeOffset utc, string timeZoneId) => TimeOnly(utc, Zone(timeZoneId));

    public static string TimeOnly(DateTimeOffset utc, TimeZoneInfo zone)
    {
        Span<char> text = stackalloc char[5];
        return new string(text[..FormatTimeOnly(text, utc, zone)]);
    }

    /// <summary>"14:00" in <paramref name="zone"/>, written into <paramref name="destination"/>: its length.</summary>
    public static int FormatTimeOnly(Span<char> destination, DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(utc, zone).TryFormat(destination, out var written, "HH:mm", CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException($"Room for {destination.Length} characters, too few for a time of day.", nameof(destination));
    }

    // TimeZoneInfo's own lookup takes a process-wide lock on every call, and a project page formats hundreds of times; the
    // ids come from people's saved settings, so the set stays small.
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>The viewer's zone; an unknown id falls back to UTC (which the text then names) rather than failing the page.</summary>
    public static TimeZoneInfo Zone(string timeZoneId) =>
        Zones.GetOrAdd(timeZoneId, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc);
}
