using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.GetMeetingIcs;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Application.Notifications.Ports;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>
/// "Reminder: ..." to a participant (or the organizer) <see cref="Notification.OffsetMinutes"/> before a meeting, with the
/// time in their zone, the join link, the meeting page and the .ics (the calendar event's UID, so it adds no copy).
/// </summary>
internal sealed class MeetingReminder(IApplicationDbContext db, ProviderCatalog catalog, IMeetingCalendarFile calendarFile, IAppLinks links, TimeProvider clock)
    : INotificationKind
{
    public const string KindName = "reminder";

    public string Kind => KindName;

    public static string KeyFor(Guid meetingId, Guid personId, int offsetMinutes) => $"reminder:{meetingId:N}:{personId:N}:{offsetMinutes}";

    public async Task<NotificationRendering> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(recipient);
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == notification.AboutId, cancellationToken);
        if (meeting is null || meeting.Status != MeetingStatus.Scheduled)
        {
            return NotificationRendering.Skip("The meeting is not on any more.");
        }

        if (!meeting.IsVisibleTo(recipient.PersonId))
        {
            return NotificationRendering.Skip("The person no longer takes part in the meeting.");
        }

        if (meeting.StartUtc <= clock.GetUtcNow())
        {
            return NotificationRendering.Skip("The meeting has started.");
        }

        if (notification.OffsetMinutes is { } offset
            && await db.ReminderOptOuts.AnyAsync(o => o.PersonId == recipient.PersonId && o.OffsetMinutes == offset, cancellationToken))
        {
            return NotificationRendering.Skip("The person turned this reminder off.");
        }

        var platform = catalog.Platform(meeting.PlatformKey)?.DisplayName ?? "video";
        var body = new MailBody()
            .Paragraph($"Hello {recipient.FullName},")
            .Paragraph($"This is a reminder of your meeting \"{meeting.Title}\".")
            .Line("When", ZonedTime.Describe(meeting.StartUtc, meeting.EndUtc, recipient.TimeZoneId));
        if (meeting.JoinUrl is { } joinUrl && Uri.TryCreate(joinUrl, UriKind.Absolute, out var join))
        {
            body.Link($"Join the {platform} meeting", join);
        }

        body.Link("Open the meeting in InsightGig", links.Meeting(meeting.Id))
            .Paragraph("The attached .ics is the same event as your calendar invite; importing it makes no second copy.")
            .Link("Choose which reminders you get", links.Profile());
        var file = await GetMeetingIcsHandler.FileForAsync(db, catalog, calendarFile, meeting, recipient.PersonId, cancellationToken);
        return NotificationRendering.Mail(
            $"Reminder: {meeting.Title} — {ZonedTime.DescribeStart(meeting.StartUtc, recipient.TimeZoneId)}",
            body,
            new MailAttachment(file.FileName, CalendarFile.ContentType, file.Content));
    }
}
