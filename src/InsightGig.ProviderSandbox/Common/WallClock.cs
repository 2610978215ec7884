using System.Globalization;

namespace InsightGig.ProviderSandbox.Common;

/// <summary>The wall-clock times of the sandbox's calendar pages: datetime-local form values in an event's time zone.</summary>
internal static class WallClock
{
    /// <summary>An instant as the value of a datetime-local input in <paramref name="zone"/>.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads a datetime-local value ("2026-03-10T15:00", seconds optional).</summary>
    public static bool TryParse(string? text, out DateTime local) =>
        DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    /// <summary>The instant a wall-clock time in <paramref name="zone"/> stands for; false in a gap the clocks skip.</summary>
    public static bool TryUtc(DateTime local, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        utc = default;
        DateTime unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            return false;
        }

        utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
        return true;
    }
}
