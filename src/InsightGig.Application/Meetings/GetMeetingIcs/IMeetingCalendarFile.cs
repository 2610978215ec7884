using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.GetMeetingIcs;

/// <summary>Writes a meeting invitation as an RFC 5545 calendar (Infrastructure implements it with a calendar library).</summary>
public interface IMeetingCalendarFile
{
    string Write(MeetingInvitation invitation);
}

/// <summary>What an invitation file says; the words are chosen here, the format by <see cref="IMeetingCalendarFile"/>.</summary>
/// <param name="Uid">Stable for the meeting's whole life, so calendars update the event they already have.</param>
/// <param name="Sequence">The meeting's version: raised by every change, so a newer file replaces an older one.</param>
/// <param name="Cancelled">Write a cancellation (METHOD:CANCEL, STATUS:CANCELLED) instead of a request.</param>
/// <param name="OrganizerTimeZoneId">The organizer's IANA zone; times are written in UTC and the zone is noted.</param>
public sealed record MeetingInvitation(
    string Uid,
    int Sequence,
    bool Cancelled,
    string Title,
    string Description,
    string? JoinUrl,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string OrganizerTimeZoneId,
    InvitationPerson Organizer,
    IReadOnlyList<InvitationAttendee> Attendees,
    DateTimeOffset CreatedUtc,
    DateTimeOffset LastModifiedUtc);

public sealed record InvitationPerson(string Email, string FullName);

public sealed record InvitationAttendee(string Email, string FullName, ResponseStatus Response);
