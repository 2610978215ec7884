using System.Globalization;

namespace InsightGig.Web.Infrastructure;

/// <summary>Shows instants in the viewer's own IANA zone, always with the zone named.</summary>
public static class TimeDisplay
{
    public static string InZone(DateTimeOffset utc, string timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return local.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " (" + zone.Id + ")";
    }

    public static string Date(DateTimeOffset utc, string timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(utc, zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
    }

    public static string TimeOnly(DateTimeOffset utc, string timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(utc, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
    }
}
