namespace InsightGig.Application.Directory.GetWorkingTime;

/// <summary>The zones a person may choose: the system's IANA zones by region ("Europe/London"), and UTC.</summary>
public static class TimeZoneChoices
{
    /// <summary>Monday first, as the Profile page lists the week.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    // Windows names ("GMT Standard Time") also resolve on Linux; only IANA region names are offered and stored.
    public static IReadOnlyList<string> All { get; } =
    [
        .. TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && (z.Id == "UTC" || (z.Id.Contains('/', StringComparison.Ordinal) && !z.Id.StartsWith("Etc/", StringComparison.Ordinal))))
            .Select(z => z.Id)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    public static bool IsOffered(string? timeZoneId) => timeZoneId is not null && All.Contains(timeZoneId, StringComparer.Ordinal);
}
