namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// A calendar where the organizer's event (and so everyone's invite) lives: Google Calendar today.
/// It can also create the video conference itself (Google Meet) when asked.
/// </summary>
public interface ICalendarProvider
{
    /// <summary>The account provider key whose connection this adapter uses ("google").</summary>
    string Provider { get; }

    string DisplayName { get; }

    /// <summary>Creates the event with the id we chose, so a retried insert cannot make a second one (it answers Conflict).</summary>
    Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken);

    Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken);

    Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes the event and tells attendees; an event already gone counts as success.</summary>
    Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken);
}

/// <param name="EventId">Chosen by us: lowercase base32hex (a–v, 0–9), 5–1024 characters, as Calendar requires.</param>
/// <param name="Location">Where the join link goes for a video provider of its own (Zoom).</param>
/// <param name="CreateConference">Ask the calendar for its own video conference (Google Meet).</param>
/// <param name="NotifyAttendees">Send invites/updates to attendees (Calendar's sendUpdates=all).</param>
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
    bool NotifyAttendees = true);

public sealed record CalendarAttendee(string Email, string? DisplayName);

public enum ConferenceStatus
{
    None,
    Pending,
    Ready,
    Failed,
}

/// <param name="ConferenceJoinUrl">The Meet link once the conference is ready.</param>
public sealed record CalendarEventDetails(
    string EventId,
    string Status,
    string? HtmlLink,
    ConferenceStatus ConferenceStatus,
    string? ConferenceJoinUrl,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string? ETag,
    IReadOnlyList<CalendarAttendeeStatus> Attendees);

/// <param name="ResponseStatus">needsAction, accepted, declined or tentative, as Calendar says.</param>
public sealed record CalendarAttendeeStatus(string Email, string ResponseStatus);
