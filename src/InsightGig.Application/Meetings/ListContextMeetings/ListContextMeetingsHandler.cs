using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.Scheduling;
using Mediator;

namespace InsightGig.Application.Meetings.ListContextMeetings;

internal sealed class ListContextMeetingsHandler(IApplicationDbContext db, ProviderCatalog catalog, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<ListContextMeetingsQuery, IReadOnlyList<MeetingListItem>>
{
    public async ValueTask<IReadOnlyList<MeetingListItem>> Handle(ListContextMeetingsQuery query, CancellationToken cancellationToken) =>
        currentUser.PersonId is { } viewerId
            ? await MeetingListProjection.UpcomingForAsync(db, catalog,
                db.Meetings.Where(m => m.ContextKind == query.ContextKind && m.ContextId == query.ContextId), viewerId, clock.GetUtcNow(), cancellationToken)
            : [];
}
