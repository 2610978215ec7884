using InsightGig.Application.Integrations.DeauthorizeZoomUser;
using InsightGig.Infrastructure.Webhooks;
using Mediator;

namespace InsightGig.Web.Endpoints;

/// <summary>
/// <c>POST /webhooks/zoom</c>: Zoom's endpoint validation and app deauthorization. Unverified calls get 401 and change
/// nothing; verified ones we cannot read get 400 saying what is wrong with them.
/// </summary>
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
            case ZoomWebhook.Malformed malformed:
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable Zoom event", detail: malformed.Reason);
            case ZoomWebhook.UrlValidation validation:
                return Results.Json(new { plainToken = validation.PlainToken, encryptedToken = validation.EncryptedToken });
            case ZoomWebhook.AppDeauthorized deauthorized:
                var result = await sender.Send(new DeauthorizeZoomUserCommand(deauthorized.UserId), cancellationToken);
                return result.IsSuccess
                    ? Results.Ok()
                    : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable Zoom event", detail: result.FirstError.Message);
            default:
                return Results.Ok();
        }
    }
}
