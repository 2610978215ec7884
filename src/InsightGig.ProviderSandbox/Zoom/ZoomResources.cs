using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InsightGig.ProviderSandbox.Zoom;

// Response bodies of the Zoom API, serialized snake_case. Field names follow the OpenAPI schemas
// (MeetingFullMetadata + RequestedMeetingDetails, MeetingObject, PaginationObject); the user adds the
// account fields Zoom documents for GET /users/me.

internal sealed record ZoomMeetingResource(
    string Uuid,
    long Id,
    string HostId,
    string HostEmail,
    string Topic,
    int Type,
    string? StartTime,
    int? Duration,
    string? Timezone,
    string? Agenda,
    string CreatedAt,
    string StartUrl,
    string JoinUrl,
    string Password,
    [property: JsonPropertyName("h323_password")] string H323Password,
    JsonObject Settings);

internal sealed record ZoomMeetingListItem(
    string Uuid,
    long Id,
    string HostId,
    string Topic,
    int Type,
    string? StartTime,
    int? Duration,
    string? Timezone,
    string? Agenda,
    string CreatedAt,
    string JoinUrl);

internal sealed record ZoomMeetingList(int PageSize, int TotalRecords, string NextPageToken, IReadOnlyList<ZoomMeetingListItem> Meetings);

internal sealed record ZoomUserResource(
    string Id,
    string FirstName,
    string LastName,
    string DisplayName,
    string Email,
    int Type,
    long Pmi,
    string Timezone,
    int Verified,
    string Dept,
    string CreatedAt,
    string LastLoginTime,
    string Language,
    string PhoneNumber,
    string Status,
    string RoleId,
    string AccountId,
    long AccountNumber,
    string Cluster,
    string UserCreatedAt);

/// <summary>Zoom's OAuth token response; <c>api_url</c> tells the client where the API lives (here: the sandbox's /zoom).</summary>
internal sealed record ZoomTokenResponse(string AccessToken, string TokenType, string RefreshToken, int ExpiresIn, string Scope, string ApiUrl);

internal sealed record ZoomRevokeResponse(string Status);
