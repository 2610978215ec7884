using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// <c>events.watch</c> (<c>POST calendars/{calendarId}/events/watch</c>) and <c>channels.stop</c> (<c>POST channels/stop</c>),
/// with schema <c>Channel</c>. Addresses must be HTTPS, as Google requires, except on a loopback host (development and tests).
/// </summary>
internal static partial class CalendarPushEndpoints
{
    public static void Map(RouteGroupBuilder calendar, string watchPath)
    {
        calendar.MapPost(watchPath, WatchAsync).WithMetadata(new GoogleCalendarMethod("watch", GoogleScopes.EventsRead));
        calendar.MapPost("/channels/stop", StopAsync).WithMetadata(new GoogleCalendarMethod("stop", GoogleScopes.ChannelsStop, "channels"));
    }

    private static async Task<IResult> WatchAsync(string calendarId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleAccount? account, _, IResult? error) = GoogleApiAuth.Authenticate(http, sandbox);
        if (account is null)
        {
            return error!;
        }

        if (calendarId != "primary" && !string.Equals(calendarId, account.Email, StringComparison.OrdinalIgnoreCase))
        {
            return GoogleErrors.NotFound().ToResult();
        }

        if (await ReadAsync(http) is not { } body)
        {
            return GoogleErrors.ParseError().ToResult();
        }

        string? id = Text(body["id"]);
        string? type = Text(body["type"]);
        string? address = Text(body["address"]);
        if (id is null || !ChannelIdPattern().IsMatch(id))
        {
            return GoogleErrors.BadRequest(id is null ? "Missing channel id." : "Invalid channel id.", id is null ? "required" : "invalid").ToResult();
        }

        if (type is not ("web_hook" or "webhook"))
        {
            return GoogleErrors.BadRequest($"Channel type '{type}' is not supported.", "invalid").ToResult();
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? target) || !(target.Scheme == Uri.UriSchemeHttps || (target.Scheme == Uri.UriSchemeHttp && target.IsLoopback)))
        {
            return GoogleErrors.BadRequest($"WebHook callback must be HTTPS: {address}", "push.webhookUrlNotHttps").ToResult();
        }

        DateTimeOffset? expiration = null;
        if (Text(body["expiration"]) is { } expirationText)
        {
            if (!long.TryParse(expirationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out long milliseconds))
            {
                return GoogleErrors.BadRequest("Invalid value for: expiration").ToResult();
            }

            expiration = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        string resourceUri = $"{SandboxUrls.Root(http)}/google/calendar/v3/calendars/{Uri.EscapeDataString(account.Email)}/events?alt=json";
        (CalendarChannel? channel, GoogleApiError? invalid) = sandbox.Google.Channels.Open(
            account.Calendar.Id, account.Sub, id, target, Text(body["token"]), expiration, resourceUri);
        if (channel is null)
        {
            return invalid!.ToResult();
        }

        var resource = new JsonObject
        {
            ["kind"] = "api#channel",
            ["id"] = channel.Id,
            ["resourceId"] = channel.ResourceId,
            ["resourceUri"] = channel.ResourceUri,
            ["expiration"] = channel.Expiration.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        if (channel.Token is not null)
        {
            resource["token"] = channel.Token;
        }

        return Results.Json(resource, SandboxJson.CamelCase);
    }

    private static async Task<IResult> StopAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleAccount? account, _, IResult? error) = GoogleApiAuth.Authenticate(http, sandbox);
        if (account is null)
        {
            return error!;
        }

        if (await ReadAsync(http) is not { } body || Text(body["id"]) is not { } id)
        {
            return GoogleErrors.BadRequest("Missing channel id.", "required").ToResult();
        }

        return sandbox.Google.Channels.Stop(account.Sub, id, Text(body["resourceId"]))
            ? Results.NoContent()
            : new GoogleApiError(404, $"Channel '{id}' not found", "notFound").ToResult();
    }

    private static async Task<JsonObject?> ReadAsync(HttpContext http)
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

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;

    /// <summary>Channel ids: up to 64 characters of A–Z, a–z, 0–9, "-", "_", "+", "/", "=".</summary>
    [GeneratedRegex("^[A-Za-z0-9\\-_+/=]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelIdPattern();
}
