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

    /// <param name="offsetMinutes">
    /// Which of the two instants is meant when the wall-clock time is in the hour repeated when clocks go back (the UTC
    /// offset the person chose, in minutes); ignored for any other time, so a choice left from an earlier time does no harm.
    /// </param>
    public static Result<DateTimeOffset> ToUtc(DateTime local, string timeZoneId, string field, int? offsetMinutes = null)
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
        var occurrences = WallClockTime.Occurrences(wallClock, zone);
        switch (occurrences.Count)
        {
            case 0:
                return Error.Validation("time.skipped_by_dst",
                    $"{wallClock:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks go forward then. Choose another time.", field);
            case 1:
                return occurrences[0].ToUniversalTime();
        }

        // The repeated hour: guessing one would silently stretch or shrink the meeting by an hour, so the person chooses.
        var chosen = occurrences.FirstOrDefault(o => offsetMinutes is { } minutes && o.Offset == TimeSpan.FromMinutes(minutes));
        if (chosen != default)
        {
            return chosen.ToUniversalTime();
        }

        return Error.Validation("time.repeated_by_dst", AmbiguousMessage(wallClock, zone.Id, occurrences), field);
    }

    private static string AmbiguousMessage(DateTime wallClock, string zoneId, IReadOnlyList<DateTimeOffset> occurrences)
    {
        static string Describe(DateTimeOffset occurrence) => string.Create(CultureInfo.InvariantCulture,
            $"{WallClockTime.OffsetName(occurrence.Offset)}, {occurrence.UtcDateTime:HH:mm} UTC");
        return $"{wallClock:yyyy-MM-dd HH:mm} happens twice in {zoneId}: the clocks go back then. " +
            $"Choose the first ({Describe(occurrences[0])}) or the second ({Describe(occurrences[1])}).";
    }
}
