namespace InsightGig.Domain.Meetings;

/// <summary>A participant's answer to the invite, as the organizer's calendar reports it.</summary>
public enum ResponseStatus
{
    Awaiting = 0,
    Accepted = 1,
    Declined = 2,
    Tentative = 3,
}
