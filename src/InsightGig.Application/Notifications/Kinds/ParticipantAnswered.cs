using System.Globalization;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Application.Notifications.Ports;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>
/// "Erin declined" / "Erin proposes a new time" to the organizer, for an answer given in InsightGig that needs them (declines
/// and proposals): once per answer. Sent as the answer stands then; skipped when the participant accepted since.
/// </summary>
internal sealed class ParticipantAnswered(IApplicationDbContext db, IAppLinks links) : INotificationKind
{
    public const string KindName = "participant-answered";

    public string Kind => KindName;

    /// <summary>Adds the email for <paramref name="participant"/>'s latest answer to the pending save.</summary>
    public static void Add(IApplicationDbContext db, Meeting meeting, MeetingParticipant participant, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(participant);
        var key = string.Create(CultureInfo.InvariantCulture, $"{KindName}:{meeting.Id:N}:{participant.PersonId:N}:{participant.AnswerVersion}");
        db.Notifications.Add(Notification.Create(Guid.NewGuid(), KindName, key, meeting.OrganizerId, meeting.Id, nowUtc, nowUtc));
    }

    public async Task<NotificationRendering> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(recipient);
        if (await AnswerEmails.TurnedOffByAsync(db, recipient.PersonId, cancellationToken))
        {
            return NotificationRendering.Skip(AnswerEmails.TurnedOffReason);
        }

        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == notification.AboutId, cancellationToken);
        // The key names the participant: {kind}:{meeting}:{person}:{answer version}.
        var parts = notification.Key.Split(':');
        var participant = parts.Length == 4 && Guid.TryParseExact(parts[2], "N", out var personId)
            ? meeting?.Participants.FirstOrDefault(p => p.PersonId == personId)
            : null;
        if (meeting is null || participant is null || meeting.Status != MeetingStatus.Scheduled)
        {
            return NotificationRendering.Skip("The meeting is not on any more, or the person left it.");
        }

        var body = new MailBody().Paragraph($"Hello {recipient.FullName},");
        string subject;
        var proposal = meeting.Proposals.FirstOrDefault(p => p.IsOpen && p.PersonId == participant.PersonId);
        if (participant.Response == ResponseStatus.Declined)
        {
            subject = $"{participant.FullName} declined: {meeting.Title}";
            body.Paragraph($"{participant.FullName} declined \"{meeting.Title}\" in InsightGig.");
        }
        else if (proposal is not null)
        {
            subject = $"{participant.FullName} proposes a new time: {meeting.Title}";
            body.Paragraph($"{participant.FullName} proposes a new time for \"{meeting.Title}\". Accept it with one click on the meeting page, or dismiss it.")
                .Line("Proposed", ZonedTime.Describe(proposal.StartUtc, proposal.EndUtc, recipient.TimeZoneId));
            if (proposal.Note is { } note)
            {
                body.Line("Note", note);
            }
        }
        else
        {
            return NotificationRendering.Skip("The participant answered again since (accepted, or the proposal was decided).");
        }

        body.Line("Now", ZonedTime.Describe(meeting.StartUtc, meeting.EndUtc, recipient.TimeZoneId))
            .Link("Open the meeting in InsightGig", links.Meeting(meeting.Id));
        return NotificationRendering.Mail(subject, body);
    }
}
