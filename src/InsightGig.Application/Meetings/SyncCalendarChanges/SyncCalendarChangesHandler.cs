using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// One incremental sync of one of an organizer's calendars (each has its own <see cref="CalendarSyncState"/>): list the changes since the stored sync token (a full listing when there
/// is none or the calendar expired it), apply those of the organizer's own meetings' events with
/// <see cref="CalendarEventChangeRules"/>, save the meetings and the new token together, then let the providers follow.
/// Events that are not InsightGig's are skipped and never stored; running it twice changes nothing the second time.
/// </summary>
internal sealed partial class SyncCalendarChangesHandler(
    IApplicationDbContext db,
    IEnumerable<ICalendarProvider> calendars,
    ProviderCatalog catalog,
    MeetingConverger converger,
    IMeetingSyncScheduler scheduler,
    ICalendarSyncScheduler calendarSyncs,
    CalendarSyncSettings settings,
    TimeProvider clock,
    ILogger<SyncCalendarChangesHandler> logger) : ICommandHandler<SyncCalendarChangesCommand, CalendarSyncReport>
{
    /// <summary>A full sync reads events that ended at most this long ago (and everything after).</summary>
    public static readonly TimeSpan FullSyncWindow = TimeSpan.FromDays(30);

    /// <summary>Meetings looked up per query when a full listing names many events.</summary>
    private const int LookupBatch = 500;

    public async ValueTask<CalendarSyncReport> Handle(SyncCalendarChangesCommand command, CancellationToken cancellationToken)
    {
        // The calendar named (the invite calendar, or one holding a meeting's event); none named: the invite calendar.
        InsightGigTelemetry.TagPerson(command.OrganizerId);
        var (connection, isInviteCalendar) = await CalendarsReadBack.LoadAsync(db, catalog, command.OrganizerId, command.ConnectionId, cancellationToken);
        if (connection is not { Status: ConnectionStatus.Active })
        {
            return CalendarSyncReport.NotConnected;
        }

        var calendar = InviteCalendars.AdapterFor(calendars, connection);

        var state = await db.CalendarSyncStates.FirstOrDefaultAsync(s => s.ConnectionId == connection.Id, cancellationToken);
        if (state is null)
        {
            state = CalendarSyncState.Start(Guid.NewGuid(), connection.Id, connection.PersonId, connection.AccountEmail, clock.GetUtcNow());
            db.CalendarSyncStates.Add(state);
        }
        else
        {
            await CalendarSyncClaims.StartAsync(db, state.Id, clock.GetUtcNow(), settings.ClaimLease, cancellationToken);
        }

        var report = await SyncAsync(command.OrganizerId, connection, isInviteCalendar, calendar, state, cancellationToken);
        if (await CalendarSyncClaims.EndAsync(db, state.Id, cancellationToken))
        {
            // Notifications came while this sync read: exactly one more sync, still under this claim.
            calendarSyncs.Enqueue(command.OrganizerId, connection.Id);
            return report with { FollowUpQueued = true };
        }

        return report;
    }

    private async Task<CalendarSyncReport> SyncAsync(Guid organizerId, ProviderConnection connection, bool isInviteCalendar, ICalendarProvider calendar, CalendarSyncState state,
        CancellationToken cancellationToken)
    {
        var token = state.TokenFor(connection.AccountEmail);
        var listed = await calendar.ListChangesAsync(organizerId, token, clock.GetUtcNow() - FullSyncWindow, cancellationToken);
        if (listed is { IsSuccess: true, Value.FullSyncRequired: true } && token is not null)
        {
            // 410 Gone: the calendar forgot the token. Start over with a full listing, as Calendar's sync guide says.
            LogFullSyncRequired(organizerId);
            state.TokenExpired();
            token = null;
            listed = await calendar.ListChangesAsync(organizerId, null, clock.GetUtcNow() - FullSyncWindow, cancellationToken);
        }

        if (!listed.IsSuccess || listed.Value!.FullSyncRequired || listed.Value.NextSyncToken is null)
        {
            var failure = listed.Failure ?? new ProviderFailure(calendar.Provider, ProviderFailureKind.Transient, $"{calendar.DisplayName} did not give a sync token.");
            return await FailedAsync(state, calendar.DisplayName, failure, cancellationToken);
        }

        var changes = listed.Value;
        var report = new Applied { FullSync = token is null, EventsRead = changes.Events.Count };
        await ApplyAsync(organizerId, connection.Id, isInviteCalendar, calendar.DisplayName, changes.Events, report, cancellationToken);
        if (state.LastSyncedAtUtc is { } previousSync)
        {
            InsightGigTelemetry.RecordCalendarSyncLag(calendar.Provider, clock.GetUtcNow() - previousSync);
        }

        state.Synced(connection.AccountEmail, changes.NextSyncToken!, fullSync: token is null, sawChanges: changes.Events.Count > 0, clock.GetUtcNow(), settings.Cadence);
        try
        {
            // The meetings' changes and the token advance together: a failure here re-reads the same changes next time.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // A meeting changed meanwhile (or another sync stored this calendar's state first); reading again is safe.
            LogSaveConflict(exception, organizerId);
            return new CalendarSyncReport(CalendarSyncStatus.RetryLater, Problem: "A meeting changed while its calendar changes were applied.", RetryAfter: TimeSpan.Zero);
        }

        await FollowAsync(report.MovedOrCancelled, cancellationToken);
        LogSynced(organizerId, report.FullSync, report.EventsRead, report.Moved, report.Cancelled, report.ResponsesChanged);
        return report.Report;
    }

    private async Task ApplyAsync(Guid organizerId, Guid connectionId, bool isInviteCalendar, string calendarName, IReadOnlyList<CalendarEventChange> events, Applied applied,
        CancellationToken cancellationToken)
    {
        // The last word on each event counts; only ids a meeting can hold are looked up.
        var latest = events
            .Where(e => LooksLikeOurs(e.EventId))
            .GroupBy(e => e.EventId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var meetings = new List<Meeting>();
        foreach (var batch in latest.Keys.Chunk(LookupBatch))
        {
            meetings.AddRange(await db.Meetings
                // Only the meetings whose event this calendar holds (one made before meetings named their calendar: the invite calendar's).
                .Where(m => m.OrganizerId == organizerId && batch.Contains(m.CalendarEventId!)
                    && (m.CalendarConnectionId == connectionId || (isInviteCalendar && m.CalendarConnectionId == null)))
                .ToListAsync(cancellationToken));
        }

        var now = clock.GetUtcNow();
        foreach (var meeting in meetings)
        {
            var change = latest[meeting.CalendarEventId!];
            var effects = CalendarEventChangeRules.Apply(meeting, State(change), now, calendarName);
            applied.Count(meeting.Id, effects);
        }
    }

    /// <summary>After a move or cancellation from the calendar, the video meeting follows (now, or retried in the background).</summary>
    private async Task FollowAsync(IReadOnlyList<Guid> meetingIds, CancellationToken cancellationToken)
    {
        foreach (var meetingId in meetingIds)
        {
            var outcome = await converger.ConvergeAsync(meetingId, cancellationToken);
            if (outcome.State != ConvergeState.InStep)
            {
                scheduler.Enqueue(meetingId, outcome.RetryAfter ?? TimeSpan.FromSeconds(10));
            }
        }
    }

    private async Task<CalendarSyncReport> FailedAsync(CalendarSyncState state, string calendarName, ProviderFailure failure, CancellationToken cancellationToken)
    {
        state.Failed(failure.Message, clock.GetUtcNow(), failure.RetryAfter, settings.Cadence);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another sync stored this calendar's state meanwhile; the problem is reported below all the same.
        }

        var status = failure.Kind switch
        {
            ProviderFailureKind.Transient or ProviderFailureKind.QuotaExhausted => CalendarSyncStatus.RetryLater,
            _ => CalendarSyncStatus.NeedsOrganizer,
        };
        LogFailed(state.PersonId, calendarName, failure.Kind);
        return new CalendarSyncReport(status, Problem: failure.Message, RetryAfter: failure.RetryAfter);
    }

    private static CalendarEventState State(CalendarEventChange change) => new(
        change.Cancelled,
        change.StartUtc,
        change.EndUtc,
        change.ETag,
        [.. change.Attendees.Select(a => (a.Email, CalendarResponses.From(a.ResponseStatus)))]);

    /// <summary>The shape of <see cref="Meeting.CalendarEventIdFor"/>: "ig" and 32 lowercase hex digits.</summary>
    /// <summary>
    /// Whether an event id can be a meeting's: ours (<c>ig</c> + 32 hex digits) where the calendar takes the ids we choose,
    /// else any id a calendar gives, up to the length a meeting keeps. The lookup is by organizer and calendar as well, so
    /// another event of theirs finds nothing.
    /// </summary>
    private static bool LooksLikeOurs(string eventId) =>
        eventId.Length is > 0 and <= Meeting.CalendarEventIdMaxLength;

    private sealed class Applied
    {
        private readonly List<Guid> _follow = [];

        public int Changed { get; private set; }

        public int Moved { get; private set; }

        public int Cancelled { get; private set; }

        public int ResponsesChanged { get; private set; }

        public bool FullSync { get; init; }

        public int EventsRead { get; init; }

        public IReadOnlyList<Guid> MovedOrCancelled => _follow;

        public CalendarSyncReport Report => new(CalendarSyncStatus.Synced, FullSync, EventsRead, Changed, Moved, Cancelled, ResponsesChanged);

        public void Count(Guid meetingId, CalendarChangeEffects effects)
        {
            if (effects == CalendarChangeEffects.None)
            {
                return;
            }

            Changed++;
            Moved += effects.HasFlag(CalendarChangeEffects.Moved) ? 1 : 0;
            Cancelled += effects.HasFlag(CalendarChangeEffects.Cancelled) ? 1 : 0;
            ResponsesChanged += effects.HasFlag(CalendarChangeEffects.ResponsesChanged) ? 1 : 0;
            if ((effects & (CalendarChangeEffects.Moved | CalendarChangeEffects.Cancelled)) != 0)
            {
                _follow.Add(meetingId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar sync token of organizer {OrganizerId} expired (410); doing a full sync")]
    private partial void LogFullSyncRequired(Guid organizerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar changes of organizer {OrganizerId} could not be saved; they will be read again")]
    private partial void LogSaveConflict(Exception exception, Guid organizerId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Calendar sync of organizer {OrganizerId} (full: {FullSync}): {Events} changed event(s); {Moved} moved, {Cancelled} cancelled, {Responses} with new answers")]
    private partial void LogSynced(Guid organizerId, bool fullSync, int events, int moved, int cancelled, int responses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar sync of {PersonId} stopped: {Calendar} answered {Kind}")]
    private partial void LogFailed(Guid personId, string calendar, ProviderFailureKind kind);
}
