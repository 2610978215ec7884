namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>
/// Who of a meeting's participants a viewer is shown, wherever InsightGig lists them (the meeting page, My meetings, a
/// project's or brief's meetings, the .ics, emails). The organizer and the people of the organizer's organisation see
/// everyone; anyone else (an expert, a client of another organisation) sees the organizer and themselves, and how many
/// others there are, never their names or emails, whether the guest list is hidden or not. An expert network keeps its
/// experts and its clients' people confidential from each other.
/// </summary>
internal readonly record struct ParticipantVisibility(Guid ViewerId, bool SeesEveryone, bool InviteListsEveryone)
{
    /// <param name="viewerId">The person shown the meeting (a viewer, an email's recipient).</param>
    /// <param name="viewerOrganisationId">Their organisation; null for experts.</param>
    /// <param name="organizerOrganisationId">The organizer's organisation; null when the organizer is an expert.</param>
    /// <param name="hideGuestList">The meeting hides its guest list: the calendar invites list nobody but the guest.</param>
    public static ParticipantVisibility For(Guid viewerId, Guid? viewerOrganisationId, Guid organizerId, Guid? organizerOrganisationId, bool hideGuestList) =>
        For(viewerId, organizerId, viewerOrganisationId is { } organisation && organisation == organizerOrganisationId, hideGuestList);

    /// <param name="viewerInOrganizersOrganisation">The viewer belongs to the organizer's organisation (as a query found it).</param>
    public static ParticipantVisibility For(Guid viewerId, Guid organizerId, bool viewerInOrganizersOrganisation, bool hideGuestList)
    {
        var isOrganizer = viewerId == organizerId;
        var seesEveryone = isOrganizer || viewerInOrganizersOrganisation;
        // The .ics mirrors the invite the calendar sent: with the guest list hidden only the organizer's lists the guests.
        return new ParticipantVisibility(viewerId, seesEveryone, isOrganizer || (seesEveryone && !hideGuestList));
    }

    /// <summary>The participants this viewer is shown (everyone, or only themselves), and how many are left out.</summary>
    public (IReadOnlyList<T> Shown, int Others) Apply<T>(IReadOnlyCollection<T> participants, Func<T, Guid> personId)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(personId);
        if (SeesEveryone)
        {
            return ([.. participants], 0);
        }

        var viewer = ViewerId;
        List<T> shown = [.. participants.Where(p => personId(p) == viewer)];
        return (shown, participants.Count - shown.Count);
    }

    /// <summary>Whether the viewer may be shown this person by name (a change they made, an answer they gave).</summary>
    public bool Shows(Guid personId, Guid organizerId) => SeesEveryone || personId == ViewerId || personId == organizerId;

    /// <summary>The attendees the viewer's .ics lists: everyone when their invite does, else only themselves.</summary>
    public IReadOnlyList<T> InviteAttendees<T>(IReadOnlyCollection<T> participants, Func<T, Guid> personId)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var viewer = ViewerId;
        return InviteListsEveryone ? [.. participants] : [.. participants.Where(p => personId(p) == viewer)];
    }
}

/// <summary>Whether a new meeting hides its guest list when the form does not say: yes when an expert is invited.</summary>
public static class GuestListDefault
{
    public static bool Hidden(IEnumerable<InviteCandidate> participants) => participants?.Any(p => p.IsExpert) ?? false;
}
