using System.Globalization;
using System.Text;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.GetMeeting;
using InsightGig.Application.Integrations.Providers;
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

        var organizer = await db.People.AsNoTracking()
            .Where(p => p.Id == meeting.OrganizerId)
            .Select(p => new InvitationPerson(p.Email, p.FullName))
            .FirstAsync(cancellationToken);
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
            [.. meeting.Participants.OrderBy(p => p.FullName, StringComparer.Ordinal).Select(p => new InvitationAttendee(p.Email, p.FullName, p.Response))],
            meeting.CreatedAtUtc,
            meeting.History.Count > 0 ? meeting.History.Max(h => h.AtUtc) : meeting.CreatedAtUtc);
        return new CalendarFile(FileName(meeting.Title), calendarFile.Write(invitation));
    }

    /// <summary>
    /// The UID the organizer's calendar gave the event where it gave one (so the .ics updates the invite people already have),
    /// else one from the event id, which never changes.
    /// </summary>
    public static string Uid(Meeting meeting) => meeting.CalendarICalUid ?? $"{meeting.CalendarEventId}@insightgig";

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

        text.Append("When: ").Append(InZone(meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId)).Append(", the organizer's time zone");
        return text.ToString();
    }

    private static string InZone(DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var start = TimeZoneInfo.ConvertTime(startUtc, zone);
        var end = TimeZoneInfo.ConvertTime(endUtc, zone);
        var endFormat = start.Date == end.Date ? "HH:mm" : "ddd d MMM yyyy, HH:mm";
        return string.Create(CultureInfo.InvariantCulture, $"{start:ddd d MMM yyyy, HH:mm} – {end.ToString(endFormat, CultureInfo.InvariantCulture)} ({zone.Id})");
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
