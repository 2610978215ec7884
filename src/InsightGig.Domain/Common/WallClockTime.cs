namespace InsightGig.Domain.Common;

/// <summary>
/// What a wall-clock time names in an IANA zone: one instant usually, none in the hour skipped when clocks go forward,
/// two in the hour repeated when they go back.
/// </summary>
public static class WallClockTime
{
    /// <summary>Every instant <paramref name="local"/> (its kind ignored) names in <paramref name="zone"/>, earliest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Occurrences(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wallClock = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wallClock))
        {
            return [];
        }

        if (!zone.IsAmbiguousTime(wallClock))
        {
            return [new DateTimeOffset(wallClock, zone.GetUtcOffset(wallClock))];
        }

        // The larger offset is the earlier instant (before the clocks went back).
        return [.. zone.GetAmbiguousTimeOffsets(wallClock).Distinct().OrderByDescending(o => o).Select(o => new DateTimeOffset(wallClock, o))];
    }

    /// <summary>"UTC+01:00", "UTC−05:00": an offset as the choice between two instants names it.</summary>
    public static string OffsetName(TimeSpan offset) =>
        $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration():hh\\:mm}";
}
