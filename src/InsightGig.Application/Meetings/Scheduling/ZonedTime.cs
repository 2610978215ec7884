using InsightGig.Domain.Common;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>Turns a wall-clock time entered in someone's IANA zone into an instant, DST-correct.</summary>
internal static class ZonedTime
{
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
