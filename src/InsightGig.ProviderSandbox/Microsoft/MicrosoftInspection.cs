using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InsightGig.ProviderSandbox;

// Microsoft's part of what the sandbox holds, as plain records for tests (C#) and GET /_sandbox/state (JSON, camelCase).

/// <summary>Microsoft's part of the snapshot (<c>"microsoft"</c> in JSON).</summary>
public sealed partial record ProviderSandboxSnapshot
{
    /// <summary>Microsoft accounts, grants, Outlook events and subscriptions.</summary>
    [JsonIgnore]
    public MicrosoftSnapshot Microsoft => (MicrosoftSnapshot)Providers[SandboxProvider.Microsoft.Path];
}

/// <summary>Microsoft accounts, OAuth grants, Outlook events (of every organizer, removed ones included) and subscriptions.</summary>
public sealed record MicrosoftSnapshot(
    IReadOnlyList<MicrosoftAccountInfo> Accounts,
    IReadOnlyList<OAuthGrantInfo> Grants,
    IReadOnlyList<OutlookEventInfo> Events,
    IReadOnlyList<GraphSubscriptionInfo> Subscriptions);

/// <summary>A Microsoft account (its id is derived from the email); personal accounts cannot host Teams.</summary>
public sealed record MicrosoftAccountInfo(string Id, string Email, string DisplayName, bool Personal, string TenantId);

/// <summary>An attendee of an Outlook event and their answer (<c>none</c>, <c>accepted</c>, <c>tentativelyAccepted</c>, <c>declined</c>).</summary>
public sealed record OutlookAttendeeInfo(string Email, string Type, string Response);

/// <summary>An organizer's Outlook event, with the JSON Graph would answer for it.</summary>
/// <param name="Removed">Deleted or cancelled: gone from the organizer's calendar.</param>
/// <param name="Cancelled">Cancelled as a meeting: the attendees were sent a cancellation.</param>
public sealed record OutlookEventInfo(
    string Id,
    string OrganizerEmail,
    string ICalUId,
    string? TransactionId,
    string Subject,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool IsOnlineMeeting,
    string OnlineMeetingProvider,
    string? JoinUrl,
    IReadOnlyList<OutlookAttendeeInfo> Attendees,
    bool Removed,
    bool Cancelled,
    string? CancelComment,
    JsonObject Resource)
{
    /// <summary>The event's <c>hideAttendees</c>: each attendee sees only themselves in the list.</summary>
    public bool HideAttendees => Resource["hideAttendees"] is JsonValue value && value.TryGetValue(out bool hide) && hide;
}

/// <summary>A Graph change-notification subscription and the notifications it sent.</summary>
public sealed record GraphSubscriptionInfo(
    string Id,
    string OwnerId,
    string Resource,
    string ChangeType,
    Uri NotificationUrl,
    Uri? LifecycleNotificationUrl,
    string? ClientState,
    DateTimeOffset Expiration,
    bool Removed,
    bool Expired,
    bool NeedsReauthorization,
    IReadOnlyList<GraphNotificationInfo> Notifications);

/// <summary>One notification: a change type (<c>created</c>, <c>updated</c>, <c>deleted</c>) or a lifecycle event, and what the URL answered.</summary>
/// <param name="DeliveryStatus">The HTTP status the URL answered; 0 when it could not be reached; null while being sent.</param>
public sealed record GraphNotificationInfo(string Kind, string? Resource, DateTimeOffset At, int? DeliveryStatus = null);
