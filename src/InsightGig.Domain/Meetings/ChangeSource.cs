namespace InsightGig.Domain.Meetings;

/// <summary>Where a change to a meeting was made.</summary>
public enum ChangeSource
{
    InsightGig = 0,
    GoogleCalendar = 1,
    /// <summary>InsightGig repairing provider state that drifted (for example a Zoom meeting deleted on Zoom's side).</summary>
    Repair = 2,
}
