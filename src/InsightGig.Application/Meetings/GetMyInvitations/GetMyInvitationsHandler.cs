using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.GetMyInvitations;

internal sealed class GetMyInvitationsHandler(IApplicationDbContext db, ProviderCatalog catalog, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<GetMyInvitationsQuery, MyInvitations>
{
    public async ValueTask<MyInvitations> Handle(GetMyInvitationsQuery query, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } viewerId)
        {
            return new MyInvitations([], 0, [], 0);
        }

        var now = clock.GetUtcNow();
        // Invited: a participant, not the organizer (an expert organizes nothing; a legacy meeting of theirs is on My meetings).
        var invited = db.Meetings.AsNoTracking().InvitedTo(db, viewerId).Upcoming(now);
        var awaiting = invited.Where(m => m.Participants.Any(p => p.PersonId == viewerId && p.Response == ResponseStatus.Awaiting));

        var upcoming = await MeetingListProjection.ListAsync(db, catalog, invited, viewerId, now, newestFirst: false, skip: 0, take: GetMyInvitationsQuery.Shown, cancellationToken);
        var unanswered = await MeetingListProjection.ListAsync(db, catalog, awaiting, viewerId, now, newestFirst: false, skip: 0, take: GetMyInvitationsQuery.Shown, cancellationToken);
        var upcomingCount = upcoming.Count < GetMyInvitationsQuery.Shown ? upcoming.Count : await invited.CountAsync(cancellationToken);
        var unansweredCount = unanswered.Count < GetMyInvitationsQuery.Shown ? unanswered.Count : await awaiting.CountAsync(cancellationToken);
        return new MyInvitations(upcoming, upcomingCount, unanswered, unansweredCount);
    }
}
