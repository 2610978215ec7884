using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.AnswerMeeting;

internal sealed class AnswerMeetingHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    MeetingConverger converger,
    IMeetingSyncScheduler scheduler,
    TimeProvider clock) : ICommandHandler<AnswerMeetingCommand, Result<AnswerRecorded>>
{
    public async ValueTask<Result<AnswerRecorded>> Handle(AnswerMeetingCommand command, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } personId)
        {
            return Error.NotFound("meeting");
        }

        // Anyone who does not take part gets "not found", as on the meeting page.
        var meeting = await db.Meetings
            .FirstOrDefaultAsync(m => m.Id == command.MeetingId && (m.OrganizerId == personId || m.Participants.Any(p => p.PersonId == personId)), cancellationToken);
        if (meeting is null)
        {
            return Error.NotFound("meeting");
        }

        var now = clock.GetUtcNow();
        var before = meeting.Participants.FirstOrDefault(p => p.PersonId == personId)?.AnswerVersion;
        var applied = command.Answer switch
        {
            MeetingAnswer.Accept => meeting.Answer(personId, ResponseStatus.Accepted, now),
            MeetingAnswer.Decline => meeting.Answer(personId, ResponseStatus.Declined, now),
            _ => await ProposeAsync(meeting, personId, command, now, cancellationToken),
        };
        if (applied.IsFailure)
        {
            return Result<AnswerRecorded>.Failure(applied.Errors);
        }

        var participant = meeting.Participants.First(p => p.PersonId == personId);
        if (participant.AnswerVersion != before && command.Answer != MeetingAnswer.Accept)
        {
            // Declines and proposals need the organizer: they hear of them by email, in the same save.
            ParticipantAnswered.Add(db, meeting, participant, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The organizer decided on this participant's proposal meanwhile.
            return Error.Conflict("meeting.changed", "This meeting changed while you answered. Here is the new version: check it and answer again.");
        }

        // The participant's own calendar hears of it after the commit; if it does not answer now, a background job retries.
        if (meeting.HasAnswersToWrite)
        {
            var converged = await converger.ConvergeAsync(meeting.Id, cancellationToken);
            if (converged.State != ConvergeState.InStep)
            {
                scheduler.Enqueue(meeting.Id, converged.RetryAfter ?? TimeSpan.FromSeconds(10));
            }
        }

        return new AnswerRecorded(meeting.Id, participant.Response);
    }

    private async Task<Result> ProposeAsync(Meeting meeting, Guid personId, AnswerMeetingCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(cancellationToken) ?? "UTC";
        var start = ZonedTime.ToUtc(command.Start!.Value, zone, nameof(command.Start), command.StartOffsetMinutes);
        var end = ZonedTime.ToUtc(command.End!.Value, zone, nameof(command.End), command.EndOffsetMinutes);
        if (start.IsFailure || end.IsFailure)
        {
            return Result.Failure([.. start.Errors, .. end.Errors]);
        }

        return meeting.ProposeTime(personId, start.Value, end.Value, command.Note, now);
    }
}
