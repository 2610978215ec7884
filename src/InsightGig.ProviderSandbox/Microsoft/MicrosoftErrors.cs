using System.Globalization;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// The errors Microsoft answers. Graph: <c>{"error":{"code":"...","message":"...","innerError":{"date","request-id","client-request-id"}}}</c>.
/// Identity platform: <c>{"error":"invalid_grant","error_description":"AADSTS70008: ...","error_codes":[70008],"timestamp",
/// "trace_id","correlation_id","error_uri"}</c>.
/// </summary>
internal static class MicrosoftErrors
{
    /// <summary>What Graph answers a request without a usable access token (with its <c>WWW-Authenticate</c> challenge).</summary>
    private const string GraphChallenge =
        "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";

    public static IResult Graph(int status, string code, string message)
    {
        string requestId = Guid.NewGuid().ToString();
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject
                {
                    ["date"] = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                    ["request-id"] = requestId,
                    ["client-request-id"] = requestId,
                },
            },
        };
        return Results.Json(body, SandboxJson.CamelCase, statusCode: status);
    }

    public static IResult NotFound() =>
        Graph(StatusCodes.Status404NotFound, "ErrorItemNotFound", "The specified object was not found in the store.");

    public static IResult BadRequest(string message, string code = "ErrorInvalidRequest") => Graph(StatusCodes.Status400BadRequest, code, message);

    /// <summary>An OData value that is not a member of the enum (Graph's deserializer refuses it before Exchange sees it).</summary>
    public static IResult NotAnEnumMember(string value, string enumType) =>
        BadRequest($"Cannot convert the literal '{value}' to the expected type 'microsoft.graph.{enumType}'.", "BadRequest");

    public static IResult UnreadableBody() =>
        BadRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.", "BadRequest");

    public static IResult Unauthenticated(bool tokenMissing) =>
        new WithHeaderResult(
            Graph(
                StatusCodes.Status401Unauthorized,
                "InvalidAuthenticationToken",
                tokenMissing ? "Access token is empty." : "Lifetime validation failed, the token is expired."),
            "WWW-Authenticate",
            GraphChallenge);

    public static IResult AccessDenied() =>
        Graph(StatusCodes.Status403Forbidden, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    public static IResult SyncStateNotFound() =>
        Graph(StatusCodes.Status410Gone, "SyncStateNotFound", "The sync state generation is not found; generation=0;[highest=0].");

    /// <summary>An identity-platform error with its AADSTS code.</summary>
    public static IResult Identity(int status, string error, int aadsts, string text, TimeProvider time)
    {
        string trace = Guid.NewGuid().ToString();
        string correlation = Guid.NewGuid().ToString();
        string timestamp = time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{aadsts}: {text} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(aadsts),
            ["timestamp"] = timestamp,
            ["trace_id"] = trace,
            ["correlation_id"] = correlation,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={aadsts}",
        };
        return Results.Json(body, SandboxJson.SnakeCase, statusCode: status);
    }

    public static IResult ForFault(int status, SandboxEndpointKind kind)
    {
        if (kind == SandboxEndpointKind.Token)
        {
            return Identity(status, "temporarily_unavailable", 50196, "The server is temporarily unable to service your request. Please try again later.", TimeProvider.System);
        }

        return status switch
        {
            429 => Graph(status, "ApplicationThrottled", "Application is over its MailboxConcurrency limit."),
            503 => Graph(status, "ServiceUnavailable", "Service Unavailable"),
            504 => Graph(status, "GatewayTimeout", "Gateway Timeout"),
            _ => Graph(status, "UnknownError", string.Empty),
        };
    }
}
