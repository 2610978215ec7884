using System.Text.Json;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static InsightGig.ProviderSandbox.Control.ControlResults;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary><c>POST /_sandbox/zoom/deauthorize</c>: what a person does in Zoom's Marketplace, for tests.</summary>
internal static class ZoomControlEndpoints
{
    public static void Map(RouteGroupBuilder control) => control.MapPost("/zoom/deauthorize", DeauthorizeAsync);

    private sealed record DeauthorizeRequest(string? Email, string? WebhookUrl, string? SecretToken);

    private sealed record DeauthorizeResult(int RevokedGrants, int WebhookStatus);

    /// <summary>Plays a user removing the app in Zoom: grants revoked, then a signed <c>app_deauthorized</c> sent to the app.</summary>
    private static async Task<IResult> DeauthorizeAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        DeauthorizeRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<DeauthorizeRequest>(http.Request.Body, SandboxJson.Control, http.RequestAborted);
        }
        catch (JsonException exception)
        {
            return BadRequest($"Invalid request: {exception.Message}");
        }

        if (request is not { Email.Length: > 0, SecretToken.Length: > 0 } || !Uri.TryCreate(request.WebhookUrl, UriKind.Absolute, out var url) || !url.IsLoopback)
        {
            return BadRequest("Expected {email, webhookUrl (a loopback http URL), secretToken}.");
        }

        var (revoked, status) = await ZoomWebhookSender.DeauthorizeAsync(sandbox, request.Email, url, request.SecretToken, http.RequestAborted);
        return Json(new DeauthorizeResult(revoked, status));
    }
}
