using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.ScheduleMeeting;

internal sealed class ScheduleMeetingHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    ProviderCatalog catalog,
    MeetingContextResolver contexts,
    MeetingConverger converger,
    TimeProvider clock) : ICommandHandler<ScheduleMeetingCommand, Result<ScheduledMeeting>>
{
    public async ValueTask<Result<ScheduledMeeting>> Handle(ScheduleMeetingCommand command, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("person");
        }

        if (await SchedulerProfile.LoadAsync(db, viewer.PersonId, command.IdempotencyKey, cancellationToken) is not { } organizer)
        {
            return Error.NotFound("person");
        }

        if (organizer.IsExpert)
        {
            return WhoSchedules.ExpertRefused;
        }

        // Exactly once: the idempotency key is the meeting's id, so a double click or a retried POST finds the first one.
        if (organizer.MeetingExists
            && await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == command.IdempotencyKey, cancellationToken) is { } existing)
        {
            return SameSubmissionAnswer(existing, viewer.PersonId, command);
        }

        var platform = catalog.Platform(command.Platform);
        if (platform is null)
        {
            return Error.Validation("meeting.unknown_platform", ScheduleMeetingValidator.ChoosePlatform(catalog), nameof(command.Platform));
        }

        var context = await contexts.ResolveAsync(viewer, command.ContextKind, command.ContextId, cancellationToken, onlyCandidates: command.Participants);
        if (context.IsFailure)
        {
            return Result<ScheduledMeeting>.Failure(context.Errors);
        }

        var participants = context.Value.Choose(command.Participants);
        if (participants.IsFailure)
        {
            return Result<ScheduledMeeting>.Failure(participants.Errors);
        }

        var start = ZonedTime.ToUtc(command.Start!.Value, organizer.TimeZoneId, nameof(command.Start), command.StartOffsetMinutes);
        var end = ZonedTime.ToUtc(command.End!.Value, organizer.TimeZoneId, nameof(command.End), command.EndOffsetMinutes);
        if (start.IsFailure || end.IsFailure)
        {
            return Result<ScheduledMeeting>.Failure([.. start.Errors, .. end.Errors]);
        }

        var needs = PlatformRequirements.For(platform, organizer, catalog);
        var scheduled = Meeting.Schedule(command.IdempotencyKey, organizer.PersonId, context.Value.Kind, context.Value.Id, platform.Key,
            command.Title, command.Description, start.Value, end.Value, organizer.TimeZoneId,
            [.. participants.Value.Select(p => (p.PersonId, p.Email, p.FullName))], clock.GetUtcNow(), needs.Calendar?.Id,
            command.HideGuestList ?? GuestListDefault.Hidden(participants.Value));
        if (scheduled.IsFailure)
        {
            return Result<ScheduledMeeting>.Failure(scheduled.Errors);
        }

        // Checked after the form's own rules, so every mistake in it is shown at once, not one at a time.
        if (!needs.Ready)
        {
            return Error.Validation("meeting.connection_required",
                $"To schedule on {platform.DisplayName}, first connect: {needs.MissingText()}.", nameof(command.Platform));
        }

        var meeting = scheduled.Value;
        meeting.RecordSubmission(ScheduleMeetingFingerprint.Of(command));
        InsightGigTelemetry.TagMeeting(meeting.Id);
        db.Meetings.Add(meeting);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two submissions of one form raced: the other one inserted first and is doing the work.
            var winner = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == command.IdempotencyKey, CancellationToken.None);
            if (winner is null)
            {
                throw;
            }

            return SameSubmissionAnswer(winner, viewer.PersonId, command);
        }

        // Provider calls only after the meeting is committed: creating it is converging it from version 0.
        var created = await converger.CreateAsync(meeting, needs.Calendar!.Provider, cancellationToken);
        if (created.Failure is { } failure)
        {
            return failure;
        }

        // Normally the meeting as this request left it; if a sweep took it over meanwhile, as that one left it.
        return created.State == ConvergeState.InStep
            ? ScheduledMeetingMapper.From(meeting)
            : ScheduledMeetingMapper.From(await db.Meetings.AsNoTracking().FirstAsync(m => m.Id == meeting.Id, CancellationToken.None));
    }

    /// <summary>
    /// A form's key found a meeting: the same submission (a double click, a retried POST) gets the first answer, including a
    /// failure; the key with other details, or of someone else's meeting, is refused.
    /// </summary>
    private static Result<ScheduledMeeting> SameSubmissionAnswer(Meeting existing, Guid organizerId, ScheduleMeetingCommand command)
    {
        if (existing.OrganizerId != organizerId)
        {
            return Error.Conflict("meeting.key_reused", "This form was already used. Reload the page and try again.");
        }

        // Meetings made before fingerprints were kept have none: their key still finds them, as before.
        if (existing.SubmissionFingerprint is { } fingerprint && fingerprint != ScheduleMeetingFingerprint.Of(command))
        {
            return Error.Conflict("meeting.key_reused_with_other_details", "This form was already submitted with other details. Reload the page to schedule another meeting.");
        }

        return existing.Status == MeetingStatus.Failed
            ? Error.Validation("meeting.failed", existing.FailureReason ?? "This meeting could not be scheduled. Please try again.")
            : ScheduledMeetingMapper.From(existing);
    }
}
