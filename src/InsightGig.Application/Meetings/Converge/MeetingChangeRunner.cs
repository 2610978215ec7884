using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>The outcome of a change: saved at <see cref="Version"/>; <see cref="InStep"/> once both providers confirmed it.</summary>
public sealed record MeetingChanged(Guid MeetingId, int Version, bool InStep, string? Problem);

/// <summary>
/// The steps every change of a meeting shares: only its organizer may change it (anyone else: not found); the form's
/// version must be the current one (else "this meeting changed"); the new desired state is saved first; then the
/// providers are brought to it, and if they are not in step yet a background job keeps trying.
/// </summary>
internal sealed class MeetingChangeRunner(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    ProviderCatalog catalog,
    MeetingConverger converger,
    IMeetingSyncScheduler scheduler)
{
    /// <param name="calendarName">The calendar holding the meeting's event, where it may have been changed too.</param>
    public static Error ChangedMeanwhile(string calendarName) => Error.Conflict("meeting.changed",
        $"This meeting changed since you opened it (in another tab or in {calendarName}). Here is the new version: check it and make your change again.");

    /// <param name="alreadyApplied">True when the meeting already is as the change wants (a double-submitted change applies once).</param>
    /// <param name="apply">The change on the aggregate.</param>
    public async Task<Result<MeetingChanged>> RunAsync(Guid meetingId, int expectedVersion, Func<Meeting, bool> alreadyApplied, Func<Meeting, Result> apply,
        CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } personId)
        {
            return Error.NotFound("meeting");
        }

        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId && m.OrganizerId == personId, cancellationToken);
        if (meeting is null)
        {
            return Error.NotFound("meeting");
        }

        if (meeting.Version != expectedVersion)
        {
            return alreadyApplied(meeting) ? Outcome(meeting) : ChangedMeanwhile(await MeetingCalendarName.ForAsync(db, catalog, meeting.CalendarConnectionId, cancellationToken));
        }

        var applied = apply(meeting);
        if (applied.IsFailure)
        {
            return Result<MeetingChanged>.Failure(applied.Errors);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // Another change of this meeting was saved first: its version check matched no row, or, when the history entry
            // was written first, that entry's sequence was already taken (a unique key, so not a concurrency exception).
            // Answer as if this request had come after it: a double submission that lost the race applied once all the same.
            var current = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, CancellationToken.None);
            // A concurrency token of a part of the meeting (a proposal decided meanwhile) can fail without a new version.
            if (current is null || (current.Version == expectedVersion && exception is not DbUpdateConcurrencyException))
            {
                throw;
            }

            return alreadyApplied(current) ? Outcome(current) : ChangedMeanwhile(await MeetingCalendarName.ForAsync(db, catalog, current.CalendarConnectionId, CancellationToken.None));
        }

        // Provider calls only after the change is committed; a failure here delays the change, never loses it.
        var converged = await converger.ConvergeAsync(meetingId, cancellationToken);
        if (converged.State != ConvergeState.InStep)
        {
            scheduler.Enqueue(meetingId, converged.RetryAfter ?? TimeSpan.FromSeconds(10));
        }

        var saved = await db.Meetings.AsNoTracking().FirstAsync(m => m.Id == meetingId, cancellationToken);
        return Outcome(saved);
    }

    private static MeetingChanged Outcome(Meeting meeting) => new(meeting.Id, meeting.Version, !meeting.IsConverging, meeting.SyncProblem);
}
