using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// Meetings whose providers have not confirmed the latest change, that still name a failed set-up's video meeting, or (with
/// <paramref name="SetUpStartedBefore"/>) whose set-up started before then and never finished: the process doing it
/// crashed or gave up (for the periodic sweep that never lets a change get lost).
/// </summary>
public sealed record ListMeetingsOutOfStepQuery(int Max = 1000, DateTimeOffset? SetUpStartedBefore = null) : IQuery<IReadOnlyList<Guid>>;

internal sealed class ListMeetingsOutOfStepHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<ListMeetingsOutOfStepQuery, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(ListMeetingsOutOfStepQuery query, CancellationToken cancellationToken)
    {
        // Without a cutoff no set-up counts as abandoned (MinValue: nothing started before it; null rows are pre-lease ones).
        var abandonedBefore = query.SetUpStartedBefore ?? DateTimeOffset.MinValue;
        var takeOver = query.SetUpStartedBefore is not null;
        var now = clock.GetUtcNow();
        return await db.Meetings.AsNoTracking()
            // A meeting a provider refuses until a reset (a daily limit) waits for it.
            .Where(m => m.SyncNotBeforeUtc == null || m.SyncNotBeforeUtc <= now)
            .Where(m => ((m.Status == MeetingStatus.Scheduled || m.Status == MeetingStatus.Cancelled)
                    && (m.VideoSyncedVersion < m.Version || m.CalendarSyncedVersion < m.Version))
                // An answer given in InsightGig not yet in the participant's own calendar.
                || (m.Status == MeetingStatus.Scheduled && m.Participants.Any(p => p.AnswerWrittenVersion < p.AnswerVersion))
                // A failed schedule still naming its video meeting (an older build's): handed to the undo job.
                || (m.Status == MeetingStatus.Failed && m.ProviderMeetingId != null)
                // A set-up whose lease ran out: taken over (completed or undone).
                || (takeOver && m.Status == MeetingStatus.Scheduling && (m.SetUpStartedAtUtc == null || m.SetUpStartedAtUtc < abandonedBefore)))
            .Select(m => m.Id)
            .Take(query.Max)
            .ToListAsync(cancellationToken);
    }
}
