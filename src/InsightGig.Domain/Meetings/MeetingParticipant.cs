namespace InsightGig.Domain.Meetings;

/// <summary>A participant as they were when invited (email and name at that time); owned by <see cref="Meeting"/>.</summary>
public sealed class MeetingParticipant
{
    private MeetingParticipant()
    {
    }

    internal MeetingParticipant(Guid personId, string email, string fullName)
    {
        PersonId = personId;
        Email = email;
        FullName = fullName;
    }

    public Guid PersonId { get; private set; }

    public string Email { get; private set; } = string.Empty;

    public string FullName { get; private set; } = string.Empty;

    /// <summary>Their RSVP in the organizer's calendar.</summary>
    public ResponseStatus Response { get; private set; }

    internal bool SetResponse(ResponseStatus response)
    {
        if (Response == response)
        {
            return false;
        }

        Response = response;
        return true;
    }
}
