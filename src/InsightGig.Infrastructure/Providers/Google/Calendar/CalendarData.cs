using Google.Apis.Requests;
using Newtonsoft.Json;

namespace InsightGig.Infrastructure.Providers.Google.Calendar;

// Calendar API v3 data, named exactly as the discovery document's schemas (revision 20251028): Event, EventDateTime,
// EventAttendee, ConferenceData, CreateConferenceRequest, ConferenceRequestStatus, ConferenceSolutionKey,
// ConferenceSolution, EntryPoint, Events. Only the fields InsightGig uses; Google.Apis' Newtonsoft serializer omits nulls,
// so a PATCH sends only what is set. Date-times stay RFC 3339 strings, as Google's own generated "...Raw" properties.

/// <summary>Schema <c>Event</c>.</summary>
public class Event : IDirectResponseSchema
{
    /// <summary>Always <c>calendar#event</c>.</summary>
    [JsonProperty("kind")]
    public string? Kind { get; set; }

    [JsonProperty("etag")]
    public string? ETag { get; set; }

    /// <summary>On insert: our id, lowercase base32hex (a–v, 0–9), 5–1024 characters.</summary>
    [JsonProperty("id")]
    public string? Id { get; set; }

    /// <summary><c>confirmed</c>, <c>tentative</c> or <c>cancelled</c>.</summary>
    [JsonProperty("status")]
    public string? Status { get; set; }

    [JsonProperty("htmlLink")]
    public string? HtmlLink { get; set; }

    [JsonProperty("iCalUID")]
    public string? ICalUID { get; set; }

    [JsonProperty("sequence")]
    public int? Sequence { get; set; }

    /// <summary>RFC 3339, read-only.</summary>
    [JsonProperty("created")]
    public string? CreatedRaw { get; set; }

    /// <summary>RFC 3339, read-only.</summary>
    [JsonProperty("updated")]
    public string? UpdatedRaw { get; set; }

    [JsonProperty("summary")]
    public string? Summary { get; set; }

    [JsonProperty("description")]
    public string? Description { get; set; }

    [JsonProperty("location")]
    public string? Location { get; set; }

    [JsonProperty("start")]
    public EventDateTime? Start { get; set; }

    [JsonProperty("end")]
    public EventDateTime? End { get; set; }

    [JsonProperty("attendees")]
    public IList<EventAttendee>? Attendees { get; set; }

    [JsonProperty("organizer")]
    public EventOrganizer? Organizer { get; set; }

    /// <summary>The Meet link (read-only); <see cref="ConferenceData"/> holds the same as a video entry point.</summary>
    [JsonProperty("hangoutLink")]
    public string? HangoutLink { get; set; }

    [JsonProperty("conferenceData")]
    public ConferenceData? ConferenceData { get; set; }

    [JsonProperty("guestsCanModify")]
    public bool? GuestsCanModify { get; set; }

    [JsonProperty("guestsCanInviteOthers")]
    public bool? GuestsCanInviteOthers { get; set; }

    [JsonProperty("guestsCanSeeOtherGuests")]
    public bool? GuestsCanSeeOtherGuests { get; set; }
}

/// <summary>Schema <c>EventDateTime</c>.</summary>
public class EventDateTime
{
    /// <summary>All-day events: <c>yyyy-mm-dd</c>.</summary>
    [JsonProperty("date")]
    public string? Date { get; set; }

    /// <summary>RFC 3339 with an offset unless <see cref="TimeZone"/> is given.</summary>
    [JsonProperty("dateTime")]
    public string? DateTimeRaw { get; set; }

    /// <summary>IANA zone name, e.g. <c>Europe/Zurich</c>.</summary>
    [JsonProperty("timeZone")]
    public string? TimeZone { get; set; }
}

/// <summary>Schema <c>EventAttendee</c>.</summary>
public class EventAttendee
{
    [JsonProperty("email")]
    public string? Email { get; set; }

    [JsonProperty("displayName")]
    public string? DisplayName { get; set; }

    /// <summary><c>needsAction</c>, <c>declined</c>, <c>tentative</c> or <c>accepted</c>.</summary>
    [JsonProperty("responseStatus")]
    public string? ResponseStatus { get; set; }

    [JsonProperty("optional")]
    public bool? Optional { get; set; }

    [JsonProperty("organizer")]
    public bool? Organizer { get; set; }

    [JsonProperty("self")]
    public bool? Self { get; set; }

    [JsonProperty("comment")]
    public string? Comment { get; set; }
}

/// <summary>The <c>organizer</c> object of schema <c>Event</c>.</summary>
public class EventOrganizer
{
    [JsonProperty("email")]
    public string? Email { get; set; }

    [JsonProperty("displayName")]
    public string? DisplayName { get; set; }

    [JsonProperty("self")]
    public bool? Self { get; set; }
}

/// <summary>Schema <c>ConferenceData</c>.</summary>
public class ConferenceData
{
    [JsonProperty("conferenceId")]
    public string? ConferenceId { get; set; }

    /// <summary>Ask for a new conference (needs <c>conferenceDataVersion=1</c>); it is created asynchronously.</summary>
    [JsonProperty("createRequest")]
    public CreateConferenceRequest? CreateRequest { get; set; }

    [JsonProperty("conferenceSolution")]
    public ConferenceSolution? ConferenceSolution { get; set; }

    [JsonProperty("entryPoints")]
    public IList<EntryPoint>? EntryPoints { get; set; }

    [JsonProperty("notes")]
    public string? Notes { get; set; }

    [JsonProperty("signature")]
    public string? Signature { get; set; }
}

/// <summary>Schema <c>CreateConferenceRequest</c>.</summary>
public class CreateConferenceRequest
{
    /// <summary>Client-chosen; the same id asks for the same conference again.</summary>
    [JsonProperty("requestId")]
    public string? RequestId { get; set; }

    [JsonProperty("conferenceSolutionKey")]
    public ConferenceSolutionKey? ConferenceSolutionKey { get; set; }

    [JsonProperty("status")]
    public ConferenceRequestStatus? Status { get; set; }
}

/// <summary>Schema <c>ConferenceRequestStatus</c>.</summary>
public class ConferenceRequestStatus
{
    /// <summary><c>pending</c>, <c>success</c> or <c>failure</c>.</summary>
    [JsonProperty("statusCode")]
    public string? StatusCode { get; set; }
}

/// <summary>Schema <c>ConferenceSolutionKey</c>.</summary>
public class ConferenceSolutionKey
{
    /// <summary><c>hangoutsMeet</c> for Google Meet (also <c>eventHangout</c>, <c>eventNamedHangout</c>, <c>addOn</c>).</summary>
    [JsonProperty("type")]
    public string? Type { get; set; }
}

/// <summary>Schema <c>ConferenceSolution</c>.</summary>
public class ConferenceSolution
{
    [JsonProperty("key")]
    public ConferenceSolutionKey? Key { get; set; }

    [JsonProperty("name")]
    public string? Name { get; set; }

    [JsonProperty("iconUri")]
    public string? IconUri { get; set; }
}

/// <summary>Schema <c>EntryPoint</c>.</summary>
public class EntryPoint
{
    /// <summary><c>video</c>, <c>phone</c>, <c>sip</c> or <c>more</c>.</summary>
    [JsonProperty("entryPointType")]
    public string? EntryPointType { get; set; }

    [JsonProperty("uri")]
    public string? Uri { get; set; }

    [JsonProperty("label")]
    public string? Label { get; set; }

    [JsonProperty("meetingCode")]
    public string? MeetingCode { get; set; }

    [JsonProperty("passcode")]
    public string? Passcode { get; set; }

    [JsonProperty("pin")]
    public string? Pin { get; set; }
}

/// <summary>Schema <c>Events</c>: one page of <c>events.list</c>.</summary>
public class Events : IDirectResponseSchema
{
    /// <summary>Always <c>calendar#events</c>.</summary>
    [JsonProperty("kind")]
    public string? Kind { get; set; }

    [JsonProperty("etag")]
    public string? ETag { get; set; }

    [JsonProperty("summary")]
    public string? Summary { get; set; }

    [JsonProperty("timeZone")]
    public string? TimeZone { get; set; }

    [JsonProperty("updated")]
    public string? UpdatedRaw { get; set; }

    [JsonProperty("nextPageToken")]
    public string? NextPageToken { get; set; }

    [JsonProperty("nextSyncToken")]
    public string? NextSyncToken { get; set; }

    [JsonProperty("items")]
    public IList<Event>? Items { get; set; }
}

/// <summary>Schema <c>Channel</c>: a push notification channel (<c>events.watch</c>, <c>channels.stop</c>).</summary>
public class Channel : IDirectResponseSchema
{
    /// <summary>Always <c>api#channel</c>.</summary>
    [JsonProperty("kind")]
    public string? Kind { get; set; }

    [JsonProperty("etag")]
    public string? ETag { get; set; }

    /// <summary>Ours: a UUID or similar unique string.</summary>
    [JsonProperty("id")]
    public string? Id { get; set; }

    /// <summary><c>web_hook</c>.</summary>
    [JsonProperty("type")]
    public string? Type { get; set; }

    /// <summary>Where notifications are POSTed (HTTPS).</summary>
    [JsonProperty("address")]
    public string? Address { get; set; }

    /// <summary>Sent back with every notification (<c>X-Goog-Channel-Token</c>).</summary>
    [JsonProperty("token")]
    public string? Token { get; set; }

    /// <summary>Unix time in milliseconds, as a string.</summary>
    [JsonProperty("expiration")]
    public string? Expiration { get; set; }

    [JsonProperty("resourceId")]
    public string? ResourceId { get; set; }

    [JsonProperty("resourceUri")]
    public string? ResourceUri { get; set; }
}
