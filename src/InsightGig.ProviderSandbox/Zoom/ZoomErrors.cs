using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>Zoom API error body: <c>{"code":124,"message":"Invalid access token."}</c>, validation adds <c>errors</c>.</summary>
internal sealed record ZoomError(int Code, string Message, IReadOnlyList<ZoomFieldError>? Errors = null);

internal sealed record ZoomFieldError(string Field, string Message);

/// <summary>Zoom OAuth error body: <c>{"reason":"Invalid Token!","error":"invalid_grant"}</c>.</summary>
internal sealed record ZoomOAuthError(string Reason, string Error);

/// <summary>The error answers Zoom gives, with Zoom's codes and messages.</summary>
internal static class ZoomErrors
{
    public static IResult Api(int status, int code, string message, IReadOnlyList<ZoomFieldError>? errors = null) =>
        Results.Json(new ZoomError(code, message, errors), SandboxJson.SnakeCase, statusCode: status);

    public static IResult OAuth(int status, string error, string reason) =>
        Results.Json(new ZoomOAuthError(reason, error), SandboxJson.SnakeCase, statusCode: status);

    public static IResult InvalidAccessToken() => Api(StatusCodes.Status401Unauthorized, 124, "Invalid access token.");

    public static IResult ExpiredAccessToken() => Api(StatusCodes.Status401Unauthorized, 124, "Access token is expired.");

    public static IResult MeetingNotFound(string meetingId) =>
        Api(StatusCodes.Status404NotFound, 3001, $"Meeting does not exist: {meetingId}.");

    public static IResult UserNotFound(string userId) =>
        Api(StatusCodes.Status404NotFound, 1001, $"User does not exist: {userId}.");

    public static IResult Validation(ZoomFieldError error) =>
        Api(StatusCodes.Status400BadRequest, 300, "Validation Failed.", [error]);

    public static IResult InvalidBody() =>
        Api(StatusCodes.Status400BadRequest, 300, "Request Body should be a valid JSON object.");

    public static IResult InvalidClient() =>
        OAuth(StatusCodes.Status401Unauthorized, "invalid_client", "Invalid client_id or client_secret");

    public static IResult InvalidToken() => OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid Token!");

    public static IResult ForFault(int status, SandboxEndpointKind kind)
    {
        if (kind == SandboxEndpointKind.Token)
        {
            return status == StatusCodes.Status429TooManyRequests
                ? OAuth(status, "too_many_requests", "Too many requests. Please try again later.")
                : OAuth(status, "server_error", "Internal Error");
        }

        return status == StatusCodes.Status429TooManyRequests
            ? Api(status, 429, "You have reached the maximum per-second rate limit for this API. Try again later.")
            : Api(status, status, "The service is temporarily unavailable. Please try again later.");
    }
}
