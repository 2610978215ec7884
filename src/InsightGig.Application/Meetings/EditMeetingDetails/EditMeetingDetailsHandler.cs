using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.EditMeetingDetails;

internal sealed class EditMeetingDetailsHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    MeetingContextResolver contexts,
    MeetingChangeRunner runner,
    TimeProvider clock) : ICommandHandler<EditMeetingDetailsCommand, Result<MeetingChanged>>
{
    public async ValueTask<Result<MeetingChanged>> Handle(EditMeetingDetailsCommand command, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("meeting");
        }

        var context = await db.Meetings.AsNoTracking()
            .Where(m => m.Id == command.MeetingId && m.OrganizerId == viewer.PersonId)
            .Select(m => new { m.ContextKind, m.ContextId })
            .FirstOrDefaultAsync(cancellationToken);
        if (context is null)
        {
            return Error.NotFound("meeting");
        }

        List<(Guid PersonId, string Email, string FullName)>? participants = null;
        if (command.Participants is { } requested)
        {
            if (context.ContextKind != MeetingContextKind.Project)
            {
                return Error.Validation("meeting.participants_fixed", "A 1:1 meeting's participant cannot be changed.", nameof(command.Participants));
            }

            // The same rule as scheduling: only the project's collaborators (as they are now) can be invited.
            var resolved = await contexts.ResolveAsync(viewer, context.ContextKind, context.ContextId, cancellationToken);
            if (resolved.IsFailure)
            {
                return Result<MeetingChanged>.Failure(resolved.Errors);
            }

            if (requested.Any(id => resolved.Value.Candidates.All(c => c.PersonId != id)))
            {
                return Error.Validation("meeting.participant_not_allowed", "Only collaborators of this project can be invited.", nameof(command.Participants));
            }

            participants = [.. resolved.Value.Candidates.Where(c => requested.Contains(c.PersonId)).Select(c => (c.PersonId, c.Email, c.FullName))];
        }

        var title = command.Title.Trim();
        var description = command.Description?.Trim() ?? string.Empty;
        return await runner.RunAsync(command.MeetingId, command.ExpectedVersion,
            alreadyApplied: m => m.Title == title && m.Description == description
                && (command.HideGuestList is null || m.HideGuestList == command.HideGuestList)
                && (participants is null || m.Participants.Select(p => p.PersonId).Order().SequenceEqual(participants.Select(p => p.PersonId).Order())),
            apply: m => m.EditDetails(title, description, participants, viewer.PersonId, clock.GetUtcNow(), command.HideGuestList),
            cancellationToken);
    }
}
