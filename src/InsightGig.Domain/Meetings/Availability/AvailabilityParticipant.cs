using InsightGig.Domain.Directory;
namespace InsightGig.Domain.Meetings.Availability;

/// <summary>How much of a person's calendar is known when looking for a time.</summary>
public enum CalendarReading
{
    /// <summary>Their connected calendar answered: its busy intervals are in.</summary>
    Read,

    /// <summary>They have no calendar connected: only working hours and InsightGig meetings are known.</summary>
    NotConnected,

    /// <summary>Their calendar failed or was too slow: only working hours and InsightGig meetings are known.</summary>
    Failed,
}

/// <summary>One person a time is looked for: their zone, working hours and what is known to keep them busy.</summary>
/// <param name="Busy">InsightGig meetings and, when read, their calendar's busy intervals (in any order, overlapping or not).</param>
/// <param name="CalendarName">The calendar's name as data ("Google Calendar"), to say which one failed.</param>
public sealed record AvailabilityParticipant(
    Guid PersonId,
    string Name,
    TimeZoneInfo Zone,
    WorkingHours Hours,
    IReadOnlyList<TimeRange> Busy,
    CalendarReading Calendar,
    string? CalendarName = null);
