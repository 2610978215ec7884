using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>Meetings whose providers have not confirmed the latest change, or that left a video meeting to undo (for the periodic sweep that never lets a change get lost).</summary>
public sealed record ListMeetingsOutOfStepQuery(int Max = 1000) : IQuery<IReadOnlyList<Guid>>;

internal sealed class ListMeetingsOutOfStepHandler(IApplicationDbContext db) : IQueryHandler<ListMeetingsOutOfStepQuery, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(ListMeetingsOutOfStepQuery query, CancellationToken cancellationToken) =>
        await db.Meetings.AsNoTracking()
            .Where(m => ((m.Status == MeetingStatus.Scheduled || m.Status == MeetingStatus.Cancelled)
                    && (m.VideoSyncedVersion < m.Version || m.CalendarSyncedVersion < m.Version))
                // A failed schedule whose video meeting could not be undone yet.
                || (m.Status == MeetingStatus.Failed && m.ProviderMeetingId != null))
            .Select(m => m.Id)
            .Take(query.Max)
            .ToListAsync(cancellationToken);
}
