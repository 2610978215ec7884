using InsightGig.Application.Integrations.DeauthorizeAccount;
using InsightGig.Infrastructure.Webhooks;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>
/// <c>POST /webhooks/zoom</c>: Zoom's endpoint validation and app deauthorization. Unverified calls get 401 and change
/// nothing; verified ones we cannot read get 400 saying what is wrong with them.
/// </summary>
internal sealed class ZoomWebhookEndpoint : IProviderEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints) =>
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
                var result = await sender.Send(new DeauthorizeAccountCommand(ZoomProvider.Key, deauthorized.UserId), cancellationToken);
                return result.IsSuccess
                    ? Results.Ok()
                    : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable Zoom event", detail: result.FirstError.Message);
            default:
                return Results.Ok();
        }
    }
}
