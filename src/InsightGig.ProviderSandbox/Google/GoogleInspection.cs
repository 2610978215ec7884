using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InsightGig.ProviderSandbox;

/// <summary>Google's part of the snapshot (<c>"google"</c> in JSON).</summary>
public sealed partial record ProviderSandboxSnapshot
{
    /// <summary>Google accounts, grants and calendars.</summary>
    [JsonIgnore]
    public GoogleSnapshot Google => (GoogleSnapshot)Providers[SandboxProvider.Google.Path];
}

/// <summary>Google accounts, OAuth grants and calendars.</summary>
public sealed record GoogleSnapshot(
    IReadOnlyList<GoogleAccountInfo> Accounts,
    IReadOnlyList<OAuthGrantInfo> Grants,
    IReadOnlyList<GoogleCalendarInfo> Calendars);

/// <summary>A Google account (created on first sign-in; its subject is derived from the email).</summary>
public sealed record GoogleAccountInfo(string Sub, string Email, string Name);

/// <summary>A calendar made by <see cref="ProviderSandboxState.SeedGoogleCalendars"/>: its account, the tokens issued for it and its one event.</summary>
public sealed record SandboxSeededCalendar(string Email, string Sub, string AccessToken, string RefreshToken, int ExpiresIn, string Scope, string EventId);

/// <summary>A Google account's primary calendar.</summary>
public sealed record GoogleCalendarInfo(string Id, IReadOnlyList<CalendarEventInfo> Events);

/// <summary>A calendar event, with the JSON the Calendar API would return for it.</summary>
public sealed record CalendarEventInfo(
    string Id,
    string CalendarId,
    string Status,
    string? Summary,
    int Sequence,
    string ETag,
    string? HangoutLink,
    string? ConferenceStatus,
    IReadOnlyList<string> AttendeeEmails,
    IReadOnlyList<SendUpdatesRecord> Notifications,
    JsonObject Resource)
{
    /// <summary>The event's <c>guestsCanSeeOtherGuests</c> (absent: the discovery document's default, true).</summary>
    public bool GuestsCanSeeOtherGuests => Resource["guestsCanSeeOtherGuests"] is not JsonValue value || !value.TryGetValue(out bool canSee) || canSee;
}

/// <summary>A push channel opened with <c>events.watch</c>: where it posts, until when, and the notifications it sent.</summary>
/// <param name="Token">The token the client gave, echoed in every notification.</param>
public sealed record CalendarChannelInfo(
    string Id,
    string CalendarId,
    string ResourceId,
    Uri Address,
    string? Token,
    DateTimeOffset Expiration,
    bool Stopped,
    bool Expired,
    IReadOnlyList<CalendarNotificationInfo> Notifications);

/// <summary>One notification of a channel: its message number and resource state (<c>sync</c>, <c>exists</c>).</summary>
/// <param name="DeliveryStatus">The HTTP status the address answered; 0 when it could not be reached; null while being sent.</param>
public sealed record CalendarNotificationInfo(long MessageNumber, string State, DateTimeOffset At, int? DeliveryStatus = null);

/// <summary>The <c>sendUpdates</c> value of one write to an event (absent means Google's default, <c>none</c>; <c>sendNotifications=true</c> counts as <c>all</c>).</summary>
public sealed record SendUpdatesRecord(string Operation, string SendUpdates, bool Explicit, DateTimeOffset At);
