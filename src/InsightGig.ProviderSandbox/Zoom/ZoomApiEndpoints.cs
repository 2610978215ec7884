using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>
/// Zoom API v2 (paths as in the OpenAPI description, under <c>/zoom/v2</c>). A token reaches only its own user:
/// another user id answers 404 code 1001, another user's meeting 404 code 3001, as Zoom does across accounts.
/// </summary>
internal static class ZoomApiEndpoints
{
    private static readonly string[] ListTypes = ["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"];

    public static void Map(RouteGroupBuilder zoom)
    {
        RouteGroupBuilder api = zoom.MapGroup("/v2").WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Api));
        api.MapGet("/users/{userId}", GetUser);
        api.MapGet("/users/{userId}/meetings", ListMeetings);
        api.MapPost("/users/{userId}/meetings", CreateMeetingAsync);
        api.MapGet("/meetings/{meetingId}", GetMeeting);
        api.MapPatch("/meetings/{meetingId}", UpdateMeetingAsync);
        api.MapDelete("/meetings/{meetingId}", DeleteMeeting);

        zoom.MapGet("/j/{meetingId}", (string meetingId, [FromServices] ProviderSandboxState sandbox) =>
            ZoomPages.Meeting(FindForPage(sandbox, meetingId), meetingId, asHost: false));
        zoom.MapGet("/s/{meetingId}", (string meetingId, [FromServices] ProviderSandboxState sandbox) =>
            ZoomPages.Meeting(FindForPage(sandbox, meetingId), meetingId, asHost: true));
    }

    private static IResult GetUser(string userId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ZoomUser? user, IResult? error) = Authenticate(http, sandbox);
        if (user is null)
        {
            return error!;
        }

        if (!IsSelf(userId, user))
        {
            return ZoomErrors.UserNotFound(userId);
        }

        string created = ZoomMeeting.Format(user.CreatedAt)!;
        var resource = new ZoomUserResource(
            user.Id,
            user.FirstName,
            user.LastName,
            user.DisplayName,
            user.Email,
            Type: 2,
            user.PersonalMeetingId,
            user.Timezone,
            Verified: 1,
            Dept: string.Empty,
            created,
            ZoomMeeting.Format(sandbox.Time.GetUtcNow())!,
            Language: "en-US",
            PhoneNumber: string.Empty,
            Status: "active",
            RoleId: "0",
            user.AccountId,
            AccountNumber: user.PersonalMeetingId % 100_000_000,
            Cluster: "us05",
            created);
        return Results.Json(resource, SandboxJson.SnakeCase);
    }

    private static IResult ListMeetings(string userId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ZoomUser? user, IResult? error) = Authenticate(http, sandbox);
        if (user is null)
        {
            return error!;
        }

        if (!IsSelf(userId, user))
        {
            return ZoomErrors.UserNotFound(userId);
        }

        IQueryCollection query = http.Request.Query;
        string type = query["type"].ToString() is { Length: > 0 } given ? given : "scheduled";
        if (!ListTypes.Contains(type))
        {
            return ZoomErrors.Validation(new ZoomFieldError("type", $"Invalid field: type {type}."));
        }

        int pageSize = int.TryParse(query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size > 0
            ? Math.Min(size, 300)
            : 30;
        ZoomMeetingList? list = sandbox.Zoom.Meetings.List(user.Id, type, pageSize, query["next_page_token"]);
        return list is null
            ? ZoomErrors.Validation(new ZoomFieldError("next_page_token", "Invalid parameter: next_page_token."))
            : Results.Json(list, SandboxJson.SnakeCase);
    }

    private static async Task<IResult> CreateMeetingAsync(string userId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ZoomUser? user, IResult? error) = Authenticate(http, sandbox);
        if (user is null)
        {
            return error!;
        }

        if (!IsSelf(userId, user))
        {
            return ZoomErrors.UserNotFound(userId);
        }

        JsonObject? body = await ReadJsonObjectAsync(http);
        if (body is null)
        {
            return ZoomErrors.InvalidBody();
        }

        (ZoomMeetingChanges? changes, ZoomFieldError? invalid) = ZoomMeetingRequestReader.Read(body, user.Timezone);
        if (changes is null)
        {
            return ZoomErrors.Validation(invalid!);
        }

        string root = SandboxUrls.Root(http);
        ZoomMeetingResource meeting = sandbox.Zoom.Meetings.Create(user, changes, root);
        http.Response.Headers.ContentLocation = $"{root}/zoom/v2/meetings/{meeting.Id}";
        return Results.Json(meeting, SandboxJson.SnakeCase, statusCode: StatusCodes.Status201Created);
    }

    private static IResult GetMeeting(string meetingId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ZoomUser? user, IResult? error) = Authenticate(http, sandbox);
        if (user is null)
        {
            return error!;
        }

        ZoomMeetingResource? meeting = TryParseId(meetingId, out long id) ? sandbox.Zoom.Meetings.Get(id, user.Id) : null;
        return meeting is null ? ZoomErrors.MeetingNotFound(meetingId) : Results.Json(meeting, SandboxJson.SnakeCase);
    }

    private static async Task<IResult> UpdateMeetingAsync(string meetingId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ZoomUser? user, IResult? error) = Authenticate(http, sandbox);
        if (user is null)
        {
            return error!;
        }

        ZoomMeetingResource? meeting = TryParseId(meetingId, out long id) ? sandbox.Zoom.Meetings.Get(id, user.Id) : null;
        if (meeting is null)
        {
            return ZoomErrors.MeetingNotFound(meetingId);
        }

        JsonObject? body = await ReadJsonObjectAsync(http);
        if (body is null)
        {
            return ZoomErrors.InvalidBody();
        }

        // A local start_time in an update is read in the body's timezone, else the meeting's.
        (ZoomMeetingChanges? changes, ZoomFieldError? invalid) =
            ZoomMeetingRequestReader.Read(body, meeting.Timezone ?? user.Timezone);
        if (changes is null)
        {
            return ZoomErrors.Validation(invalid!);
        }

        return sandbox.Zoom.Meetings.Update(id, user.Id, changes) ? Results.NoContent() : ZoomErrors.MeetingNotFound(meetingId);
    }

    private static IResult DeleteMeeting(string meetingId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (ZoomUser? user, IResult? error) = Authenticate(http, sandbox);
        if (user is null)
        {
            return error!;
        }

        return TryParseId(meetingId, out long id) && sandbox.Zoom.Meetings.Delete(id, user.Id)
            ? Results.NoContent()
            : ZoomErrors.MeetingNotFound(meetingId);
    }

    private static (ZoomUser? User, IResult? Error) Authenticate(HttpContext http, ProviderSandboxState sandbox)
    {
        AccessTokenCheck check = sandbox.Zoom.Tokens.Check(HttpCredentials.ReadBearer(http.Request));
        return check.Status switch
        {
            AccessTokenStatus.Valid when sandbox.Zoom.Users.FindById(check.Grant!.AccountId) is { } user => (user, null),
            AccessTokenStatus.Expired => (null, ZoomErrors.ExpiredAccessToken()),
            _ => (null, ZoomErrors.InvalidAccessToken()),
        };
    }

    /// <summary>Zoom accepts "me", the user id or the user's email for a user-level app.</summary>
    private static bool IsSelf(string userId, ZoomUser user) =>
        userId == "me" || userId == user.Id || string.Equals(userId, user.Email, StringComparison.OrdinalIgnoreCase);

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static ZoomMeetingResource? FindForPage(ProviderSandboxState sandbox, string meetingId) =>
        TryParseId(meetingId, out long id) ? sandbox.Zoom.Meetings.GetForJoinPage(id) : null;

    private static async Task<JsonObject?> ReadJsonObjectAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
