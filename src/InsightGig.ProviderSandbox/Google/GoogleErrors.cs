using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>
/// A Google API error: <c>{"error":{"code":N,"message":"...","errors":[{"domain":"global","reason":"...","message":"..."}],"status":"..."}}</c>.
/// </summary>
internal sealed record GoogleApiError(int Code, string Message, string Reason)
{
    public string Domain { get; init; } = "global";
    public string? Location { get; init; }
    public string? LocationType { get; init; }
    public JsonArray? Details { get; init; }

    public JsonObject ToJson()
    {
        var item = new JsonObject { ["domain"] = Domain, ["reason"] = Reason, ["message"] = Message };
        if (Location is not null)
        {
            item["location"] = Location;
            item["locationType"] = LocationType;
        }

        var error = new JsonObject { ["code"] = Code, ["message"] = Message, ["errors"] = new JsonArray(item) };
        if (StatusName(Code) is { } status)
        {
            error["status"] = status;
        }

        if (Details is not null)
        {
            error["details"] = Details.DeepClone();
        }

        return new JsonObject { ["error"] = error };
    }

    public IResult ToResult() => Results.Json(ToJson(), SandboxJson.CamelCase, statusCode: Code);

    /// <summary>The canonical status Google adds; 410 answers from Calendar carry none.</summary>
    private static string? StatusName(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        429 => "RESOURCE_EXHAUSTED",
        500 => "INTERNAL",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => null,
    };
}

/// <summary>Google's OAuth endpoints answer <c>{"error":"invalid_grant","error_description":"..."}</c>.</summary>
internal sealed record GoogleOAuthError(string Error, string ErrorDescription);

/// <summary>The errors Google's Calendar API and OAuth endpoints give.</summary>
internal static class GoogleErrors
{
    private const string AuthRealm = "Bearer realm=\"https://accounts.google.com/\"";

    public static GoogleApiError BadRequest(string message, string reason = "invalid") => new(400, message, reason);

    public static GoogleApiError Required(string message) => new(400, message, "required");

    public static GoogleApiError ParseError() => new(400, "Parse Error", "parseError");

    public static GoogleApiError NotFound() => new(404, "Not Found", "notFound");

    public static GoogleApiError Duplicate() => new(409, "The requested identifier already exists.", "duplicate");

    public static GoogleApiError Deleted() => new(410, "Resource has been deleted", "deleted");

    public static GoogleApiError FullSyncRequired() =>
        new(410, "Sync token is no longer valid, a full sync is required.", "fullSyncRequired");

    public static IResult Unauthenticated(bool tokenMissing)
    {
        GoogleApiError error = tokenMissing
            ? new GoogleApiError(401, "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.", "required")
            : new GoogleApiError(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.", "authError");
        error = error with { Location = "Authorization", LocationType = "header" };
        return new WithHeaderResult(error.ToResult(), "WWW-Authenticate", AuthRealm);
    }

    public static IResult InsufficientScopes(string method, IEnumerable<string> acceptedScopes)
    {
        var details = new JsonArray(new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
            ["reason"] = "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            ["domain"] = "googleapis.com",
            ["metadata"] = new JsonObject { ["service"] = "calendar-json.googleapis.com", ["method"] = method },
        });
        var error = new GoogleApiError(403, "Request had insufficient authentication scopes.", "insufficientPermissions") { Details = details };
        return new WithHeaderResult(
            error.ToResult(),
            "WWW-Authenticate",
            $"{AuthRealm}, error=\"insufficient_scope\", scope=\"{string.Join(' ', acceptedScopes)}\"");
    }

    public static IResult OAuth(int status, string error, string description) =>
        Results.Json(new GoogleOAuthError(error, description), SandboxJson.SnakeCase, statusCode: status);

    public static IResult InvalidGrant() =>
        OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "Token has been expired or revoked.");

    public static IResult ForFault(int status, SandboxEndpointKind kind)
    {
        if (kind == SandboxEndpointKind.Token)
        {
            return status == StatusCodes.Status429TooManyRequests
                ? OAuth(status, "rate_limit_exceeded", "Rate Limit Exceeded")
                : OAuth(status, "internal_failure", "Backend Error");
        }

        GoogleApiError error = status switch
        {
            429 => new GoogleApiError(429, "Rate Limit Exceeded", "rateLimitExceeded") { Domain = "usageLimits" },
            503 => new GoogleApiError(503, "The service is currently unavailable.", "backendError"),
            _ => new GoogleApiError(status, "Backend Error", "backendError"),
        };
        return error.ToResult();
    }
}
