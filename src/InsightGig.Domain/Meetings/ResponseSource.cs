namespace InsightGig.Domain.Meetings;

/// <summary>Where a participant's current answer was given.</summary>
public enum ResponseSource
{
    /// <summary>No answer yet.</summary>
    None = 0,
    /// <summary>On the meeting page in InsightGig.</summary>
    InsightGig = 1,
    /// <summary>In a calendar (the invite's RSVP, read back from the organizer's calendar).</summary>
    Calendar = 2,
}
