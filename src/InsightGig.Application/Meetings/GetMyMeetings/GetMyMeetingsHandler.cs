using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Scheduling;
using Mediator;

namespace InsightGig.Application.Meetings.GetMyMeetings;

internal sealed class GetMyMeetingsHandler(IApplicationDbContext db, ProviderCatalog catalog, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<GetMyMeetingsQuery, IReadOnlyList<MeetingListItem>>
{
    public async ValueTask<IReadOnlyList<MeetingListItem>> Handle(GetMyMeetingsQuery query, CancellationToken cancellationToken) =>
        Viewer.From(currentUser) is { } viewer
            ? await MeetingListProjection.UpcomingForAsync(db, catalog, db.Meetings, viewer, clock.GetUtcNow(), cancellationToken)
            : [];
}
