using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox;

// What the sandbox holds, as plain records for tests (C#) and for GET /_sandbox/state (JSON, camelCase).
// Raw tokens are never exposed: a test that needs tokens uses ProviderSandboxState.IssueTokens.

/// <summary>Everything the sandbox holds.</summary>
public sealed record ProviderSandboxSnapshot(
    ZoomSnapshot Zoom,
    GoogleSnapshot Google,
    MicrosoftSnapshot Microsoft,
    IReadOnlyList<TokenExchangeCount> TokenExchanges,
    IReadOnlyList<SandboxFaultStatus> Faults,
    IReadOnlyList<SandboxRequestLogEntry> Requests);

/// <summary>Zoom users, OAuth grants and meetings.</summary>
public sealed record ZoomSnapshot(
    IReadOnlyList<ZoomUserInfo> Users,
    IReadOnlyList<OAuthGrantInfo> Grants,
    IReadOnlyList<ZoomMeetingInfo> Meetings);

/// <summary>Google accounts, OAuth grants and calendars.</summary>
public sealed record GoogleSnapshot(
    IReadOnlyList<GoogleAccountInfo> Accounts,
    IReadOnlyList<OAuthGrantInfo> Grants,
    IReadOnlyList<GoogleCalendarInfo> Calendars);

/// <summary>One OAuth grant (one consent), with counts instead of raw tokens.</summary>
public sealed record OAuthGrantInfo(
    string GrantId,
    string AccountId,
    string Email,
    string ClientId,
    IReadOnlyList<string> Scopes,
    bool HasRefreshToken,
    bool Revoked,
    DateTimeOffset CreatedAt,
    int RefreshCount,
    int AccessTokensIssued,
    int LiveAccessTokens,
    DateTimeOffset? LatestAccessTokenExpiresAt);

/// <summary>A Zoom user (created on first sign-in; its id is derived from the email).</summary>
public sealed record ZoomUserInfo(string Id, string Email, string FirstName, string LastName, string AccountId, string Timezone);

/// <summary>A Zoom meeting as stored.</summary>
public sealed record ZoomMeetingInfo(
    long Id,
    string Uuid,
    string HostId,
    string HostEmail,
    string Topic,
    int Type,
    DateTimeOffset? StartTime,
    int? Duration,
    string? Timezone,
    string? Agenda,
    string JoinUrl,
    DateTimeOffset CreatedAt,
    bool Deleted);

/// <summary>A Google account (created on first sign-in; its subject is derived from the email).</summary>
public sealed record GoogleAccountInfo(string Sub, string Email, string Name);

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
    JsonObject Resource);

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

/// <summary>Token-endpoint requests per provider and grant type: every request that reached the handler, and those that got tokens.</summary>
public sealed record TokenExchangeCount(string Provider, string GrantType, int Attempts, int Succeeded);

/// <summary>A fault in force, with what is left of it.</summary>
public sealed record SandboxFaultStatus(long Id, SandboxFault Fault, int? RemainingFailures, int RemainingInvalidGrants);

/// <summary>One request to a provider endpoint (not the control API). The query string is not kept: it may hold tokens.</summary>
public sealed record SandboxRequestLogEntry(DateTimeOffset At, string Provider, string Method, string Path, int Status, double DurationMs);

/// <summary>Tokens issued directly by <see cref="ProviderSandboxState.IssueTokens"/>, skipping the sign-in pages.</summary>
public sealed record SandboxIssuedTokens(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope, string AccountId);
