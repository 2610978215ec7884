namespace InsightGig.Domain.Meetings;

/// <summary>A meeting's calendar event as the calendar reports it after a change there.</summary>
/// <param name="Responses">Each attendee's answer, by email.</param>
public sealed record CalendarEventState(
    bool Cancelled,
    DateTimeOffset? StartUtc,
    DateTimeOffset? EndUtc,
    string? ETag,
    IReadOnlyList<(string Email, ResponseStatus Response)> Responses);

/// <summary>What a change read from the calendar did to a meeting.</summary>
[Flags]
public enum CalendarChangeEffects
{
    None = 0,
    ResponsesChanged = 1,
    /// <summary>The meeting took the event's new times; the video meeting must follow.</summary>
    Moved = 2,
    /// <summary>The event was deleted or cancelled there; the meeting is cancelled and its video meeting must go.</summary>
    Cancelled = 4,
}

/// <summary>
/// How a change read back from the organizer's calendar applies to the meeting whose event it is. The calendar is
/// honoured (a move or a deletion there is the organizer's decision), but never at the cost of a newer change made in
/// InsightGig, and a change InsightGig made itself is not read back as a new one.
/// </summary>
public static class CalendarEventChangeRules
{
    /// <param name="calendarName">The calendar's name as people know it, for the meeting's history.</param>
    public static CalendarChangeEffects Apply(Meeting meeting, CalendarEventState calendarEvent, DateTimeOffset nowUtc, string calendarName)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(calendarEvent);

        // Being scheduled, failed or already cancelled: nothing the calendar says changes it (our own deletion reads back here).
        if (meeting.Status != MeetingStatus.Scheduled)
        {
            return CalendarChangeEffects.None;
        }

        // The event as our own last write left it: an echo, not a change.
        if (calendarEvent.ETag is not null && string.Equals(calendarEvent.ETag, meeting.CalendarEtag, StringComparison.Ordinal))
        {
            return CalendarChangeEffects.None;
        }

        if (calendarEvent.Cancelled)
        {
            return meeting.Cancel(null, null, ChangeSource.OrganizerCalendar, nowUtc, calendarName).IsSuccess ? CalendarChangeEffects.Cancelled : CalendarChangeEffects.None;
        }

        var effects = CalendarChangeEffects.None;
        foreach (var (email, response) in calendarEvent.Responses)
        {
            if (meeting.RecordResponse(email, response, nowUtc, calendarName))
            {
                effects |= CalendarChangeEffects.ResponsesChanged;
            }
        }

        // A change made in InsightGig has not reached the calendar yet: its times there are older than the meeting's, and
        // the converger is about to overwrite them. The newer change wins.
        if (meeting.CalendarSyncedVersion < meeting.Version)
        {
            return effects;
        }

        // Same times as the meeting's (our own write, a title edit, an answer): MovedInCalendar only notes the etag.
        if (calendarEvent.StartUtc is { } start && calendarEvent.EndUtc is { } end && meeting.MovedInCalendar(start, end, calendarEvent.ETag, nowUtc, calendarName))
        {
            effects |= CalendarChangeEffects.Moved;
        }

        return effects;
    }
}
