namespace InsightGig.Domain.Meetings;

/// <summary>Where a participant's proposal of a new time stands.</summary>
public enum ProposalStatus
{
    /// <summary>Waiting for the organizer.</summary>
    Open = 0,
    /// <summary>The organizer accepted it: the meeting moved to its times.</summary>
    Accepted = 1,
    Dismissed = 2,
    /// <summary>The same participant proposed another time.</summary>
    Replaced = 3,
    /// <summary>The participant answered Accept or Decline instead.</summary>
    Withdrawn = 4,
    /// <summary>The meeting was moved another way, or cancelled.</summary>
    Closed = 5,
}
