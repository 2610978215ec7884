namespace InsightGig.Domain.Meetings;

public enum MeetingStatus
{
    /// <summary>Saved; the provider calls that create it have not all succeeded yet.</summary>
    Scheduling = 0,
    Scheduled = 1,
    /// <summary>The providers refused; nothing is left on their side.</summary>
    Failed = 2,
    Cancelled = 3,
}
