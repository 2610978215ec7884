namespace InsightGig.Domain.Meetings;

/// <summary>Where a change to a meeting was made.</summary>
public enum ChangeSource
{
    InsightGig = 0,
    /// <summary>The organizer's calendar (its name is kept with the change as <see cref="MeetingChange.SourceName"/>).</summary>
    OrganizerCalendar = 1,
    /// <summary>InsightGig repairing provider state that drifted (for example a video meeting deleted on the provider's side).</summary>
    Repair = 2,
}
