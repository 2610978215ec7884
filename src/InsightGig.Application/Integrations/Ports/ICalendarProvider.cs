using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// A calendar where the organizer's event (and so everyone's invite) lives: for example the organizer's chosen calendar connection.
/// It can also create the video conference itself when asked (a calendar with conferences of its own).
/// </summary>
public interface ICalendarProvider
{
    /// <summary>The account provider key whose connection this adapter uses ("google").</summary>
    string Provider { get; }

    string DisplayName { get; }

    /// <summary>Creates the event with the id we chose, so a retried insert cannot make a second one (it answers Conflict).</summary>
    Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken);

    Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// The calendar's id of the live event a create of <paramref name="request"/> made (its <see cref="CalendarEventRequest.EventId"/>
    /// is the id we chose), when no answer to that create said it; a success holding null when there is none. A calendar that
    /// takes our ids reads the event by it; one that gives ids of its own finds it by the key the create carried.
    /// </summary>
    async Task<ProviderResult<string?>> FindEventMadeForAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await GetEventAsync(organizerId, request.EventId, cancellationToken);
        if (read.IsSuccess)
        {
            return ProviderResult<string?>.Ok(read.Value!.Status == "cancelled" ? null : read.Value.EventId);
        }

        return read.Failure!.Kind == ProviderFailureKind.NotFound ? ProviderResult<string?>.Ok(null) : read.Failure;
    }

    Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes the event and tells attendees; an event already gone counts as success.</summary>
    Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the meeting for everyone, with the organizer's note where the calendar can send one with the cancellation; an
    /// event already gone counts as success. A calendar without such notes deletes the event (<see cref="DeleteEventAsync"/>).
    /// </summary>
    Task<ProviderResult<Done>> CancelEventAsync(Guid organizerId, string eventId, string? note, CancellationToken cancellationToken) =>
        DeleteEventAsync(organizerId, eventId, cancellationToken);

    /// <summary>
    /// What changed in the organizer's calendar since <paramref name="syncToken"/> (all pages), with the token to continue from.
    /// Without a token (first sync, or after <see cref="CalendarChanges.FullSyncRequired"/>): every event, deleted ones included,
    /// that ends after <paramref name="fullSyncFromUtc"/>. An expired token answers a value with <see cref="CalendarChanges.FullSyncRequired"/>.
    /// </summary>
    Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a push channel: the calendar POSTs to <see cref="CalendarChannelRequest.Address"/> (with the token) whenever the
    /// organizer's events change, until the channel expires. The notification says only that something changed; the changes
    /// are read with <see cref="ListChangesAsync"/>.
    /// </summary>
    Task<ProviderResult<CalendarChannel>> WatchChangesAsync(Guid organizerId, CalendarChannelRequest request, CancellationToken cancellationToken);

    /// <summary>Stops a push channel; one that is already gone counts as success.</summary>
    Task<ProviderResult<Done>> StopWatchingAsync(Guid organizerId, string channelId, string resourceId, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="attendeeId"/>'s answer (Accepted, Declined or Tentative) on their own copy of the invitation,
    /// found in their calendar by its iCalendar UID, with their own connection; the calendar tells the organizer as it does
    /// for an answer given there. The same answer again changes nothing. NotFound: their calendar holds no such invitation.
    /// </summary>
    Task<ProviderResult<Done>> RespondAsAttendeeAsync(Guid attendeeId, string iCalUid, ResponseStatus response, CancellationToken cancellationToken);
}

/// <param name="ChannelId">Ours, unique (a UUID).</param>
/// <param name="Token">A secret the calendar sends back with every notification, proving it comes from this channel.</param>
/// <param name="ExpiresAtUtc">Asked for; the calendar may give less.</param>
public sealed record CalendarChannelRequest(string ChannelId, Uri Address, string Token, DateTimeOffset ExpiresAtUtc);

/// <summary>An open push channel: the calendar's id of the watched resource (needed to stop it) and when it expires.</summary>
public sealed record CalendarChannel(string ChannelId, string ResourceId, DateTimeOffset ExpiresAtUtc);

/// <param name="EventId">
/// On a create, chosen by us (lowercase base32hex, a–v and 0–9, 34 characters): the event's id where the calendar takes ours,
/// else its idempotency key; the calendar answers the id it gave (<see cref="CalendarEventDetails.EventId"/>), which the meeting
/// keeps. On an update, that id.
/// </param>
/// <param name="Location">Where the join link goes for a video provider of its own.</param>
/// <param name="CreateConference">Ask the calendar for its own video conference.</param>
/// <param name="NotifyAttendees">Send invites/updates to attendees (Calendar's sendUpdates=all).</param>
/// <param name="HideGuestList">Attendees do not see who else is invited (only the organizer does); sent on every write, so turning it off shows them again.</param>
public sealed record CalendarEventRequest(
    string EventId,
    string Title,
    string Description,
    string? Location,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string TimeZoneId,
    IReadOnlyList<CalendarAttendee> Attendees,
    bool CreateConference,
    bool NotifyAttendees = true,
    bool HideGuestList = false);

public sealed record CalendarAttendee(string Email, string? DisplayName);

public enum ConferenceStatus
{
    None,
    Pending,
    Ready,
    Failed,
}

/// <param name="EventId">The calendar's id of the event: ours where it takes ours, else its own.</param>
/// <param name="ConferenceJoinUrl">The conference link once the conference is ready.</param>
/// <param name="ICalUid">The event's iCalendar UID as the calendar exports it (Google's <c>iCalUID</c>, Outlook's <c>iCalUId</c>; it may differ from <paramref name="EventId"/>), so an .ics of the meeting updates that event instead of adding a second one.</param>
public sealed record CalendarEventDetails(
    string EventId,
    string Status,
    string? HtmlLink,
    ConferenceStatus ConferenceStatus,
    string? ConferenceJoinUrl,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string? ETag,
    IReadOnlyList<CalendarAttendeeStatus> Attendees,
    string? ICalUid = null);

/// <param name="ResponseStatus">needsAction, accepted, declined or tentative, as Calendar says.</param>
public sealed record CalendarAttendeeStatus(string Email, string ResponseStatus);

/// <summary>
/// The changed events of a calendar, and where the next incremental sync continues. <see cref="FullSyncRequired"/>: the sync
/// token expired (Calendar's <c>410 Gone</c>); list again without one.
/// </summary>
public sealed record CalendarChanges(IReadOnlyList<CalendarEventChange> Events, string? NextSyncToken, bool FullSyncRequired = false)
{
    public static readonly CalendarChanges MustResync = new([], null, FullSyncRequired: true);
}

/// <summary>One changed event as the calendar reports it; a deleted event has <see cref="Cancelled"/> and maybe no times.</summary>
/// <param name="Status">confirmed, tentative or cancelled, as Calendar says.</param>
public sealed record CalendarEventChange(
    string EventId,
    string Status,
    DateTimeOffset? StartUtc,
    DateTimeOffset? EndUtc,
    string? ETag,
    int? Sequence,
    IReadOnlyList<CalendarAttendeeStatus> Attendees)
{
    public bool Cancelled => string.Equals(Status, "cancelled", StringComparison.Ordinal);
}
