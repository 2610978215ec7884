using InsightGig.Domain.Common;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// The two instants a wall-clock time names in the hour repeated when clocks go back, offered as radio buttons next to
/// the date-time field (posted as <see cref="Name"/>, the chosen UTC offset in minutes). No JavaScript needed: the
/// refused form comes back with the choice, and the next submit carries it.
/// </summary>
public sealed record RepeatedHourChoice(string Name, string FieldLabel, IReadOnlyList<DateTimeOffset> Occurrences, int? Chosen)
{
    /// <summary>The choice for <paramref name="local"/>, or null when it names a single instant (or none).</summary>
    public static RepeatedHourChoice? For(string name, string fieldLabel, DateTime? local, string timeZoneId, int? chosen)
    {
        if (local is null || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone)
            || local.Value.Year is < 1900 or > 2200)
        {
            return null;
        }

        var occurrences = WallClockTime.Occurrences(local.Value, zone);
        return occurrences.Count == 2 ? new RepeatedHourChoice(name, fieldLabel, occurrences, chosen) : null;
    }

    public static string OffsetName(DateTimeOffset occurrence) => WallClockTime.OffsetName(occurrence.Offset);
}
