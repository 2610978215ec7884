using System.Text.Json;
using System.Text.Json.Serialization;

namespace InsightGig.Infrastructure.Providers.Zoom;

// Zoom's wire format: snake_case names exactly as in Zoom's API reference (OpenAPI MeetingDetails, UpdateMeetingRequest,
// CreateMeetingResponse/GetMeetingDetailsResponse) and OAuth token answers.

internal static class ZoomJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

/// <summary>Body of <c>POST /users/{userId}/meetings</c> (MeetingDetails) and <c>PATCH /meetings/{meetingId}</c> (UpdateMeetingRequest).</summary>
internal sealed class ZoomMeetingBody
{
    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    /// <summary>2: a scheduled meeting.</summary>
    [JsonPropertyName("type")]
    public int? Type { get; init; }

    /// <summary>GMT, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    [JsonPropertyName("start_time")]
    public string? StartTime { get; init; }

    /// <summary>Minutes.</summary>
    [JsonPropertyName("duration")]
    public int? Duration { get; init; }

    /// <summary>IANA zone Zoom shows the time in.</summary>
    [JsonPropertyName("timezone")]
    public string? Timezone { get; init; }

    [JsonPropertyName("agenda")]
    public string? Agenda { get; init; }
}

/// <summary>The meeting Zoom answers with (CreateMeetingResponse, GetMeetingDetailsResponse); only the fields we use.</summary>
internal sealed class ZoomMeetingResource
{
    [JsonPropertyName("id")]
    public long Id { get; init; }

    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("host_id")]
    public string? HostId { get; init; }

    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    [JsonPropertyName("type")]
    public int? Type { get; init; }

    [JsonPropertyName("start_time")]
    public DateTimeOffset? StartTime { get; init; }

    [JsonPropertyName("duration")]
    public int? Duration { get; init; }

    [JsonPropertyName("timezone")]
    public string? Timezone { get; init; }

    [JsonPropertyName("agenda")]
    public string? Agenda { get; init; }

    [JsonPropertyName("join_url")]
    public string? JoinUrl { get; init; }
}

/// <summary>One page of <c>GET /users/{userId}/meetings</c> (MeetingList); its items are MeetingObjects, whose agenda Zoom cuts to 250 characters.</summary>
internal sealed class ZoomMeetingListPage
{
    [JsonPropertyName("next_page_token")]
    public string? NextPageToken { get; init; }

    [JsonPropertyName("meetings")]
    public IReadOnlyList<ZoomMeetingResource>? Meetings { get; init; }
}

/// <summary><c>GET /users/me</c>; only the fields we use.</summary>
internal sealed class ZoomUserResource
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("first_name")]
    public string? FirstName { get; init; }

    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }

    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }
}

/// <summary>Zoom API error: <c>{"code":3001,"message":"Meeting does not exist: 1."}</c>, validation adds <c>errors</c>.</summary>
internal sealed class ZoomApiError
{
    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<ZoomApiFieldError>? Errors { get; init; }
}

internal sealed class ZoomApiFieldError
{
    [JsonPropertyName("field")]
    public string? Field { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

/// <summary>Zoom OAuth token answer.</summary>
internal sealed class ZoomTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }
}

/// <summary>Zoom OAuth error: <c>{"reason":"Invalid Token!","error":"invalid_grant"}</c>.</summary>
internal sealed class ZoomOAuthError
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}
