using System.Globalization;
using InsightGig.Domain.Common;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>Turns a wall-clock time entered in someone's IANA zone into an instant, DST-correct, and instants back into words.</summary>
internal static class ZonedTime
{
    /// <summary>A meeting's times in <paramref name="timeZoneId"/>, the zone named: "Thu 4 Mar 2027, 15:00 – 15:45 (Europe/London)".</summary>
    public static string Describe(DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId)
    {
        var zone = Zone(timeZoneId);
        var start = TimeZoneInfo.ConvertTime(startUtc, zone);
        var end = TimeZoneInfo.ConvertTime(endUtc, zone);
        var endFormat = start.Date == end.Date ? "HH:mm" : "ddd d MMM yyyy, HH:mm";
        return string.Create(CultureInfo.InvariantCulture, $"{start:ddd d MMM yyyy, HH:mm} – {end.ToString(endFormat, CultureInfo.InvariantCulture)} ({zone.Id})");
    }

    /// <summary>The start alone, for a subject line: "Thu 4 Mar, 15:00 (Europe/London)".</summary>
    public static string DescribeStart(DateTimeOffset startUtc, string timeZoneId)
    {
        var zone = Zone(timeZoneId);
        return string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(startUtc, zone):ddd d MMM, HH:mm} ({zone.Id})");
    }

    private static TimeZoneInfo Zone(string timeZoneId) => TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;

    public static Result<DateTimeOffset> ToUtc(DateTime local, string timeZoneId, string field)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            return Error.Validation("time.unknown_zone", $"'{timeZoneId}' is not a known time zone.", field);
        }

        // Far-off years are typing mistakes, and near year 1 or 9999 the offset arithmetic would overflow.
        if (local.Year is < 1900 or > 2200)
        {
            return Error.Validation("time.out_of_range", $"{local:yyyy-MM-dd} is not a date a meeting can have. Check the year.", field);
        }

        var wallClock = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wallClock))
        {
            return Error.Validation("time.skipped_by_dst",
                $"{wallClock:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks go forward then. Choose another time.", field);
        }

        // In the repeated hour when clocks go back, the first occurrence (the earlier instant) is meant.
        var offset = zone.IsAmbiguousTime(wallClock) ? zone.GetAmbiguousTimeOffsets(wallClock).Max() : zone.GetUtcOffset(wallClock);
        return new DateTimeOffset(wallClock, offset).ToUniversalTime();
    }
}
