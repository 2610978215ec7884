using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Infrastructure.Jobs;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>
/// <c>POST /webhooks/google</c>: Google Calendar push notifications (<c>X-Goog-Channel-ID</c>, <c>X-Goog-Channel-Token</c>,
/// <c>X-Goog-Resource-ID</c>, <c>X-Goog-Resource-State</c>; no body). A live channel with its token queues a sync of that
/// calendar; unknown or expired channels are answered 200 and ignored (so Google stops retrying); a wrong token gets 401.
/// </summary>
internal sealed class GoogleCalendarWebhookEndpoint : IProviderEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(CalendarSyncJobs.WebhookPathFor(GoogleProvider.Key), HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpRequest request, ISender sender, CancellationToken cancellationToken)
    {
        // Google reads status codes, not the site's friendly error pages.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        var headers = request.Headers;
        var outcome = await sender.Send(
            new ReceiveCalendarNotificationCommand(headers["X-Goog-Channel-ID"], headers["X-Goog-Channel-Token"], headers["X-Goog-Resource-ID"], headers["X-Goog-Resource-State"]),
            cancellationToken);
        return outcome == CalendarNotificationOutcome.Rejected ? Results.Unauthorized() : Results.Ok();
    }
}
