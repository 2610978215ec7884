using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Application.Notifications.Ports;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>
/// "Your meeting could not be updated" to the organizer when the engine gives up on a change (a provider refuses until they
/// act, or the retries ran out): once per meeting version.
/// </summary>
internal sealed class MeetingNotUpdated(IApplicationDbContext db, IAppLinks links) : INotificationKind
{
    public const string KindName = "meeting-not-updated";

    public string Kind => KindName;

    /// <summary>Adds the notice to the pending save unless this version already has one; true when it added it.</summary>
    public static async Task<bool> AddAsync(IApplicationDbContext db, Meeting meeting, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(meeting);
        var key = $"meeting-not-updated:{meeting.Id:N}:{meeting.Version}";
        if (db.Notifications.Local.Any(n => n.Key == key) || await db.Notifications.AnyAsync(n => n.Key == key, cancellationToken))
        {
            return false;
        }

        db.Notifications.Add(Notification.Create(Guid.NewGuid(), KindName, key, meeting.OrganizerId, meeting.Id, nowUtc, nowUtc));
        return true;
    }

    public async Task<NotificationRendering> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(recipient);
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == notification.AboutId, cancellationToken);
        if (meeting is null || !meeting.IsConverging)
        {
            return NotificationRendering.Skip("The meeting is in step again.");
        }

        var body = new MailBody()
            .Paragraph($"Hello {recipient.FullName},")
            .Paragraph(meeting.Status == MeetingStatus.Cancelled
                ? $"InsightGig could not finish cancelling \"{meeting.Title}\" at the video and calendar services."
                : $"InsightGig could not bring \"{meeting.Title}\" up to date at the video and calendar services, so people may still see the old details.")
            .Line("When", ZonedTime.Describe(meeting.StartUtc, meeting.EndUtc, recipient.TimeZoneId));
        if (meeting.SyncProblem is { } problem)
        {
            body.Line("Why", problem);
        }

        body.Link("Open the meeting in InsightGig", links.Meeting(meeting.Id));
        return NotificationRendering.Mail($"Your meeting could not be updated: {meeting.Title}", body);
    }
}
