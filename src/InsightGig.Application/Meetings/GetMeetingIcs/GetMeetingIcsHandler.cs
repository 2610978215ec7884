using System.Globalization;
using System.Text;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.GetMeeting;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.GetMeetingIcs;

internal sealed class GetMeetingIcsHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    ProviderCatalog catalog,
    IMeetingCalendarFile calendarFile) : IQueryHandler<GetMeetingIcsQuery, Result<CalendarFile>>
{
    public async ValueTask<Result<CalendarFile>> Handle(GetMeetingIcsQuery query, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } viewerId)
        {
            return Error.NotFound("meeting");
        }

        var meeting = await db.Meetings.AsNoTracking()
            .TakenPartInBy(viewerId)
            .FirstOrDefaultAsync(m => m.Id == query.MeetingId, cancellationToken);
        // A meeting still being set up, or one that failed, has nothing to put in a calendar.
        if (meeting is null || meeting.Status is not (MeetingStatus.Scheduled or MeetingStatus.Cancelled) || meeting.CalendarEventId is null)
        {
            return Error.NotFound("meeting");
        }

        return await FileForAsync(db, catalog, calendarFile, meeting, viewerId, cancellationToken);
    }

    /// <summary>
    /// The meeting's .ics as it is now, for <paramref name="viewerId"/> (also attached to emails about it). Its attendees are
    /// those the viewer's own invite lists (<see cref="ParticipantVisibility"/>): everyone for the organizer and, unless the
    /// guest list is hidden, for the organizer's colleagues; otherwise only the viewer, as the calendar's own invite to a guest
    /// of a hidden list shows only them. The ATTENDEE list of an iCalendar object is what its sender chooses to tell (RFC 5546
    /// allows any number in a PUBLISH, at least one in a REQUEST), and the UID, not the attendees, is what a calendar matches
    /// an import on, so a shorter list updates the same event and leaks nobody's address.
    /// </summary>
    public static async Task<CalendarFile> FileForAsync(IApplicationDbContext db, ProviderCatalog catalog, IMeetingCalendarFile calendarFile, Meeting meeting,
        Guid viewerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var people = await db.People.AsNoTracking()
            .Where(p => p.Id == meeting.OrganizerId || p.Id == viewerId)
            .Select(p => new { p.Id, p.Email, p.FullName, p.OrganisationId })
            .ToListAsync(cancellationToken);
        var organizerRow = people.First(p => p.Id == meeting.OrganizerId);
        var organizer = new InvitationPerson(organizerRow.Email, organizerRow.FullName);
        var visibility = ParticipantVisibility.For(viewerId, people.Find(p => p.Id == viewerId)?.OrganisationId, meeting.OrganizerId, organizerRow.OrganisationId,
            meeting.HideGuestList);
        var platform = catalog.Platform(meeting.PlatformKey);
        var cancelled = meeting.Status == MeetingStatus.Cancelled;
        var invitation = new MeetingInvitation(
            Uid(meeting),
            meeting.Version,
            cancelled,
            meeting.Title,
            Description(meeting, platform?.DisplayName ?? meeting.PlatformKey),
            cancelled ? null : meeting.JoinUrl,
            meeting.StartUtc,
            meeting.EndUtc,
            meeting.TimeZoneId,
            organizer,
            [.. visibility.InviteAttendees(meeting.Participants, p => p.PersonId)
                .OrderBy(p => p.FullName, StringComparer.Ordinal).Select(p => new InvitationAttendee(p.Email, p.FullName, p.Response))],
            meeting.CreatedAtUtc,
            meeting.History.Count > 0 ? meeting.History.Max(h => h.AtUtc) : meeting.CreatedAtUtc);
        return new CalendarFile(FileName(meeting.Title), calendarFile.Write(invitation));
    }

    /// <summary>
    /// The calendar event's own iCalendar UID, as its calendar reported it, so importing the file beside the provider's invite
    /// updates that event instead of adding a copy; a meeting whose calendar never reported one keeps our stable fallback.
    /// </summary>
    public static string Uid(Meeting meeting) => meeting.CalendarEventUid ?? $"{meeting.CalendarEventId}@insightgig";

    private static string Description(Meeting meeting, string platformName)
    {
        var text = new StringBuilder();
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            text.Append("This meeting was cancelled.");
            if (meeting.CancellationNote is { } note)
            {
                text.Append(" Note from the organizer: ").Append(note);
            }

            text.Append("\n\n");
        }

        if (meeting.Description.Length > 0)
        {
            text.Append(meeting.Description).Append("\n\n");
        }

        if (meeting.Status != MeetingStatus.Cancelled && meeting.JoinUrl is { } joinUrl)
        {
            text.Append("Join the ").Append(platformName).Append(" meeting: ").Append(joinUrl).Append('\n');
        }

        text.Append("When: ").Append(ZonedTime.Describe(meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId)).Append(", the organizer's time zone");
        return text.ToString();
    }

    /// <summary>The title as a safe file name (letters, digits and dashes), e.g. <c>battery-sourcing-call.ics</c>.</summary>
    public static string FileName(string title)
    {
        var name = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToLowerInvariant(c));
            }
            else if (name.Length > 0 && name[^1] != '-' && (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c)))
            {
                name.Append('-');
            }

            if (name.Length >= 60)
            {
                break;
            }
        }

        var slug = name.ToString().Trim('-');
        return (slug.Length == 0 ? "meeting" : slug) + ".ics";
    }
}
