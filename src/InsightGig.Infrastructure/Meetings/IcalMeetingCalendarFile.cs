using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using InsightGig.Application.Meetings.GetMeetingIcs;
using InsightGig.Domain.Meetings;

namespace InsightGig.Infrastructure.Meetings;

/// <summary>
/// A meeting invitation as an RFC 5545 iCalendar object (with Ical.Net): one VEVENT whose UID never changes and whose
/// SEQUENCE is the meeting's version; METHOD:PUBLISH while it is on (a copy to add, not an invitation to answer: the
/// calendar provider's invite is the one people reply to), METHOD:CANCEL with STATUS:CANCELLED once it is cancelled. Times are in UTC; the organizer's zone is named in X-WR-TIMEZONE (and in the description).
/// </summary>
internal sealed class IcalMeetingCalendarFile(TimeProvider clock) : IMeetingCalendarFile
{
    public const string ProductId = "-//InsightGig//Meetings//EN";

    public string Write(MeetingInvitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var calendar = new Calendar
        {
            ProductId = ProductId,
            Method = invitation.Cancelled ? CalendarMethods.Cancel : CalendarMethods.Publish,
        };
        calendar.AddProperty("X-WR-TIMEZONE", invitation.OrganizerTimeZoneId);

        var meeting = new CalendarEvent
        {
            Uid = invitation.Uid,
            Sequence = invitation.Sequence,
            Summary = invitation.Title,
            Description = invitation.Description,
            DtStart = Utc(invitation.StartUtc),
            DtEnd = Utc(invitation.EndUtc),
            DtStamp = Utc(clock.GetUtcNow()),
            Created = Utc(invitation.CreatedUtc),
            LastModified = Utc(invitation.LastModifiedUtc),
            Status = invitation.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Organizer(MailTo(invitation.Organizer.Email)) { CommonName = invitation.Organizer.FullName },
        };
        if (invitation.JoinUrl is { } joinUrl && Uri.TryCreate(joinUrl, UriKind.Absolute, out var join))
        {
            meeting.Location = joinUrl;
            meeting.Url = join;
        }

        foreach (var attendee in invitation.Attendees)
        {
            meeting.Attendees.Add(new Attendee(MailTo(attendee.Email))
            {
                CommonName = attendee.FullName,
                Role = ParticipationRole.RequiredParticipant,
                ParticipationStatus = PartStat(attendee.Response),
                // Answers go through the provider's invite; this file asks for none.
                Rsvp = false,
            });
        }

        calendar.Events.Add(meeting);
        return new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("Ical.Net wrote nothing.");
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId, hasTime: true);

    private static string MailTo(string email) => "mailto:" + email;

    private static string PartStat(ResponseStatus response) => response switch
    {
        ResponseStatus.Accepted => EventParticipationStatus.Accepted,
        ResponseStatus.Declined => EventParticipationStatus.Declined,
        ResponseStatus.Tentative => EventParticipationStatus.Tentative,
        _ => EventParticipationStatus.NeedsAction,
    };
}
