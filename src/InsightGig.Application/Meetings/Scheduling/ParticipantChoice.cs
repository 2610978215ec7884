using InsightGig.Domain.Common;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>Who a form may invite from its context: scheduling and "Find a time" check the same way.</summary>
internal static class ParticipantChoice
{
    public static Result<IReadOnlyList<InviteCandidate>> Choose(this MeetingContext context, IReadOnlyList<Guid> requested)
    {
        if (context.ParticipantsFixed)
        {
            // A 1:1: whatever the form posts, only the fixed participant can be invited.
            return requested.Count == 0 || requested.All(id => context.Candidates.Any(c => c.PersonId == id))
                ? Result<IReadOnlyList<InviteCandidate>>.Success(context.Candidates)
                : Error.Validation("meeting.participant_not_allowed", "A meeting from here is with " + context.Candidates[0].FullName + " only.", "Participants");
        }

        var unknown = requested.Where(id => context.Candidates.All(c => c.PersonId != id)).ToList();
        if (unknown.Count > 0)
        {
            return Error.Validation("meeting.participant_not_allowed", "Only collaborators of this project can be invited.", "Participants");
        }

        var chosen = context.Candidates.Where(c => requested.Contains(c.PersonId)).ToList();
        return chosen.Count == 0
            ? Error.Validation("meeting.participants_required", "Choose at least one collaborator.", "Participants")
            : chosen;
    }
}
