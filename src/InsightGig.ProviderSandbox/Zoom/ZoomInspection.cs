using System.Text.Json.Serialization;

namespace InsightGig.ProviderSandbox;

/// <summary>Zoom's part of the snapshot (<c>"zoom"</c> in JSON).</summary>
public sealed partial record ProviderSandboxSnapshot
{
    /// <summary>Zoom users, grants and meetings.</summary>
    [JsonIgnore]
    public ZoomSnapshot Zoom => (ZoomSnapshot)Providers[SandboxProvider.Zoom.Path];
}

/// <summary>Zoom users, OAuth grants and meetings.</summary>
public sealed record ZoomSnapshot(
    IReadOnlyList<ZoomUserInfo> Users,
    IReadOnlyList<OAuthGrantInfo> Grants,
    IReadOnlyList<ZoomMeetingInfo> Meetings);

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
