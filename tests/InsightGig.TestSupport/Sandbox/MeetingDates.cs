namespace InsightGig.TestSupport.Sandbox;

/// <summary>
/// Future dates whose time-zone offsets are known without asking the code under test, so that expected UTC instants can be
/// written down: a mid-January day (London +00:00, New York −05:00) and the day London springs forward.
/// </summary>
public static class MeetingDates
{
    /// <summary>The next 15 January at least a week away.</summary>
    public static DateOnly NextMidJanuary()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var candidate = new DateOnly(today.Year, 1, 15);
        return candidate > today.AddDays(7) ? candidate : new DateOnly(today.Year + 1, 1, 15);
    }

    /// <summary>
    /// The next last Sunday of March at least two days away: in Europe/London 01:00 GMT becomes 02:00 BST that night, so
    /// 01:00–01:59 do not exist. New York has been on EDT (−04:00) since the second Sunday of March.
    /// </summary>
    public static DateOnly NextLondonSpringForward()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var year = today.Year; ; year++)
        {
            var lastSunday = new DateOnly(year, 3, 31);
            while (lastSunday.DayOfWeek != DayOfWeek.Sunday)
            {
                lastSunday = lastSunday.AddDays(-1);
            }

            if (lastSunday > today.AddDays(2))
            {
                return lastSunday;
            }
        }
    }

    /// <summary>
    /// The next last Sunday of October at least two days away: in Europe/London 02:00 BST becomes 01:00 GMT that night, so
    /// 01:00–01:59 happen twice (first at 00:00–00:59 UTC, then at 01:00–01:59 UTC).
    /// </summary>
    public static DateOnly NextLondonFallBack()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var year = today.Year; ; year++)
        {
            var lastSunday = new DateOnly(year, 10, 31);
            while (lastSunday.DayOfWeek != DayOfWeek.Sunday)
            {
                lastSunday = lastSunday.AddDays(-1);
            }

            if (lastSunday > today.AddDays(2))
            {
                return lastSunday;
            }
        }
    }

    public static DateTime At(this DateOnly day, int hour, int minute = 0) => day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Unspecified);

    public static DateTimeOffset UtcAt(this DateOnly day, int hour, int minute = 0) => new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);
}
