using System.Globalization;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Application.Notifications.Ports;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>"Your proposed time was accepted" (or dismissed) to the participant who proposed it, once per proposal.</summary>
internal sealed class ProposalDecided(IApplicationDbContext db, IAppLinks links) : INotificationKind
{
    public const string KindName = "proposal-decided";

    public string Kind => KindName;

    /// <summary>
    /// The organizer's <paramref name="decide"/> on proposal <paramref name="proposalId"/>, adding this email to the same save
    /// when it took the proposal from open to decided (a double submit decides, and emails, once).
    /// </summary>
    public static Func<Meeting, Result> Deciding(IApplicationDbContext db, Guid proposalId, DateTimeOffset nowUtc, Func<Meeting, Result> decide) => meeting =>
    {
        var wasOpen = meeting.Proposals.Any(p => p.Id == proposalId && p.IsOpen);
        var decided = decide(meeting);
        if (decided.IsSuccess && wasOpen)
        {
            var proposal = meeting.Proposals.First(p => p.Id == proposalId);
            var key = string.Create(CultureInfo.InvariantCulture, $"{KindName}:{proposal.Id:N}");
            db.Notifications.Add(Notification.Create(Guid.NewGuid(), KindName, key, proposal.PersonId, proposal.Id, nowUtc, nowUtc));
        }

        return decided;
    };

    public async Task<NotificationRendering> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(recipient);
        if (await AnswerEmails.TurnedOffByAsync(db, recipient.PersonId, cancellationToken))
        {
            return NotificationRendering.Skip(AnswerEmails.TurnedOffReason);
        }

        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Proposals.Any(p => p.Id == notification.AboutId), cancellationToken);
        var proposal = meeting?.Proposals.First(p => p.Id == notification.AboutId);
        if (meeting is null || proposal is null || meeting.Status != MeetingStatus.Scheduled)
        {
            return NotificationRendering.Skip("The meeting is not on any more.");
        }

        var body = new MailBody().Paragraph($"Hello {recipient.FullName},");
        string subject;
        switch (proposal.Status)
        {
            case ProposalStatus.Accepted:
                subject = $"Your proposed time was accepted: {meeting.Title}";
                body.Paragraph($"The organizer accepted the time you proposed for \"{meeting.Title}\". The video meeting and your invitation move to it.");
                break;
            case ProposalStatus.Dismissed:
                subject = $"Your proposed time was not taken: {meeting.Title}";
                body.Paragraph($"The organizer dismissed the time you proposed for \"{meeting.Title}\"; the meeting stays as it is. You can accept, decline or propose another time on the meeting page.");
                break;
            default:
                return NotificationRendering.Skip("The proposal was neither accepted nor dismissed.");
        }

        body.Line("When", ZonedTime.Describe(meeting.StartUtc, meeting.EndUtc, recipient.TimeZoneId))
            .Link("Open the meeting in InsightGig", links.Meeting(meeting.Id));
        return NotificationRendering.Mail(subject, body);
    }
}
