using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>Meetings whose providers have not confirmed the latest change, that left a video meeting to undo, or whose setting-up worker died (for the periodic sweep that never lets a change get lost).</summary>
public sealed record ListMeetingsOutOfStepQuery(int Max = 1000) : IQuery<IReadOnlyList<Guid>>;

internal sealed class ListMeetingsOutOfStepHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<ListMeetingsOutOfStepQuery, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(ListMeetingsOutOfStepQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Meetings.AsNoTracking()
            .Where(m => ((m.Status == MeetingStatus.Scheduled || m.Status == MeetingStatus.Cancelled)
                    && (m.VideoSyncedVersion < m.Version || m.CalendarSyncedVersion < m.Version))
                // A failed schedule whose video meeting could not be undone yet.
                || (m.Status == MeetingStatus.Failed && m.ProviderMeetingId != null)
                // Left being set up past its worker's lease: the process died mid-way.
                || (m.Status == MeetingStatus.Scheduling && (m.ProvisioningLeaseUntilUtc == null || m.ProvisioningLeaseUntilUtc <= now)))
            .Select(m => m.Id)
            .Take(query.Max)
            .ToListAsync(cancellationToken);
    }
}
