using Mediator;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// Reads what changed in one of <paramref name="OrganizerId"/>'s connected calendars since the last sync and applies it to their
/// meetings: moved there → the meeting moves (and the video meeting follows); deleted there → the meeting is cancelled (and its video
/// meeting deleted); attendees' answers → RSVPs. Sent by the background sync job and by push notifications.
/// </summary>
/// <param name="ConnectionId">
/// The calendar connection to read: the invite calendar or one holding a meeting's event (<see cref="Domain.Meetings.Meeting.CalendarConnectionId"/>).
/// Null (jobs queued before calendars were named): the organizer's invite calendar.
/// </param>
public sealed record SyncCalendarChangesCommand(Guid OrganizerId, Guid? ConnectionId = null) : ICommand<CalendarSyncReport>;

public enum CalendarSyncStatus
{
    /// <summary>Every change was read and applied; the new sync token is stored.</summary>
    Synced,
    /// <summary>The person has no active calendar connection: nothing to read.</summary>
    NotConnected,
    /// <summary>The calendar did not answer, or a meeting changed meanwhile: try again after <see cref="CalendarSyncReport.RetryAfter"/>.</summary>
    RetryLater,
    /// <summary>The calendar refuses until the person acts (reconnects the calendar); the next sweep tries again.</summary>
    NeedsOrganizer,
}

/// <summary>What a sync did.</summary>
/// <param name="FullSync">The listing was a full one (first sync, or the calendar expired the sync token).</param>
/// <param name="EventsRead">Changed events listed, InsightGig's or not.</param>
/// <param name="MeetingsChanged">Meetings whose event changed in a way that mattered (moved, cancelled, or answers).</param>
/// <param name="FollowUpQueued">Notifications arrived while this sync read, so one more sync was queued.</param>
public sealed record CalendarSyncReport(
    CalendarSyncStatus Status,
    bool FullSync = false,
    int EventsRead = 0,
    int MeetingsChanged = 0,
    int Moved = 0,
    int Cancelled = 0,
    int ResponsesChanged = 0,
    string? Problem = null,
    TimeSpan? RetryAfter = null,
    bool FollowUpQueued = false)
{
    public static readonly CalendarSyncReport NotConnected = new(CalendarSyncStatus.NotConnected);
}
