using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// Gives back one thing a failed set-up made at a provider (<see cref="ProviderUndo"/>, already saved): deletes it, first
/// looking for an event whose id no answer named, and then removes the row; when the provider does not answer, the row
/// records the failed try and waits for its next one. Used by the worker that fails the set-up (the first try, at once)
/// and by the background job (every later one).
/// </summary>
internal sealed partial class ProviderUndoRunner(
    IApplicationDbContext db,
    ProviderCatalog catalog,
    IEnumerable<IVideoMeetingProvider> videoProviders,
    IEnumerable<ICalendarProvider> calendars,
    TimeProvider clock,
    ILogger<ProviderUndoRunner> logger)
{
    /// <summary>Tries the undo and saves the outcome (the row removed, or its next try); true when the provider has it no more.</summary>
    public async Task<bool> RunAsync(ProviderUndo undo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(undo);
        var failure = await TryAsync(undo, cancellationToken);
        if (failure is null)
        {
            db.ProviderUndos.Remove(undo);
        }
        else
        {
            undo.TryFailed($"{failure.Kind}: {failure.Message}", failure.RetryAfter, clock.GetUtcNow());
            LogNotYetUndone(undo.MeetingId, undo.Kind, undo.Provider, failure.Kind, undo.NextAttemptAtUtc);
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another worker (the job, or the one that wrote it) finished it meanwhile; the delete was harmless twice.
            if (db is DbContext context)
            {
                context.Entry(undo).State = EntityState.Detached;
            }
        }

        return failure is null;
    }

    /// <summary>Null when the item is gone (deleted now, already gone, or never made); the provider's failure otherwise.</summary>
    private async Task<ProviderFailure?> TryAsync(ProviderUndo undo, CancellationToken cancellationToken)
    {
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == undo.MeetingId, cancellationToken);
        if (meeting is not null && meeting.Status != MeetingStatus.Failed && Holds(meeting, undo))
        {
            // The meeting as saved uses it (a worker that took the set-up over adopted it): it is not ours to give back.
            LogKeptInUse(undo.MeetingId, undo.Kind, undo.Provider);
            return null;
        }

        if (undo.Kind == ProviderUndoKind.VideoMeeting)
        {
            if (videoProviders.SingleOrDefault(v => v.Key == undo.Provider) is not { } video)
            {
                return NoAdapter(undo);
            }

            var deleted = await video.DeleteMeetingAsync(undo.OrganizerId, undo.ItemId!, cancellationToken);
            return deleted.Failure;
        }

        if (calendars.SingleOrDefault(c => c.Provider == undo.Provider) is not { } calendar)
        {
            return NoAdapter(undo);
        }

        if (undo.ItemId is null)
        {
            if (meeting is null || catalog.Platform(meeting.PlatformKey) is not { } platform)
            {
                return new ProviderFailure(undo.Provider, ProviderFailureKind.Rejected, "The meeting whose event is looked for is no longer known.");
            }

            // A calendar that gives events ids of its own never told us this one's: ask it for the event made for the meeting.
            var found = await calendar.FindEventMadeForAsync(undo.OrganizerId, MeetingConverger.EventRequest(meeting, platform, createConference: false), cancellationToken);
            if (!found.IsSuccess)
            {
                return found.Failure;
            }

            if (found.Value is not { } madeId)
            {
                return null; // nothing was made
            }

            undo.Found(madeId);
        }

        var removed = await calendar.DeleteEventAsync(undo.OrganizerId, undo.ItemId!, cancellationToken);
        return removed.Failure;
    }

    private static bool Holds(Meeting meeting, ProviderUndo undo) => undo.Kind == ProviderUndoKind.VideoMeeting
        ? meeting.ProviderMeetingId == undo.ItemId
        : undo.ItemId is null || meeting.CalendarEventId == undo.ItemId;

    private static ProviderFailure NoAdapter(ProviderUndo undo) =>
        new(undo.Provider, ProviderFailureKind.Rejected, $"No provider unit named '{undo.Provider}' is registered.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}: could not give back its {Kind} at {Provider} yet ({FailureKind}); trying again at {NextAttemptAtUtc:u}")]
    private partial void LogNotYetUndone(Guid meetingId, ProviderUndoKind kind, string provider, ProviderFailureKind failureKind, DateTimeOffset nextAttemptAtUtc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting {MeetingId}: its {Kind} at {Provider} is in use by the meeting as saved; not deleted")]
    private partial void LogKeptInUse(Guid meetingId, ProviderUndoKind kind, string provider);
}
