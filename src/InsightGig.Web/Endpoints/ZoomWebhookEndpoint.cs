using InsightGig.Application.Integrations.DeauthorizeAccount;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.Infrastructure.Webhooks;
using Mediator;

namespace InsightGig.Web.Endpoints;

/// <summary><c>POST /webhooks/zoom</c>: Zoom's endpoint validation and app deauthorization. Unverified calls get 401 and change nothing.</summary>
internal static class ZoomWebhookEndpoint
{
    public static IEndpointConventionBuilder MapZoomWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/webhooks/zoom", HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpRequest request, ZoomWebhookReceiver receiver, ISender sender, CancellationToken cancellationToken)
    {
        // Zoom reads status codes, not the site's friendly error pages.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        var webhook = await receiver.ReceiveAsync(request, cancellationToken);
        switch (webhook)
        {
            case ZoomWebhook.Rejected:
                return Results.Unauthorized();
            case ZoomWebhook.UrlValidation validation:
                return Results.Json(new { plainToken = validation.PlainToken, encryptedToken = validation.EncryptedToken });
            case ZoomWebhook.AppDeauthorized deauthorized:
                var result = await sender.Send(new DeauthorizeAccountCommand(ZoomProvider.Key, deauthorized.UserId), cancellationToken);
                return result.IsSuccess ? Results.Ok() : Results.BadRequest();
            default:
                return Results.Ok();
        }
    }
}
