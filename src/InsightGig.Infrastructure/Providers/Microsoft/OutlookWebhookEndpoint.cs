using System.Text.Json;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Infrastructure.Jobs;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>
/// <c>POST /webhooks/microsoft</c>: Graph change notifications for Outlook events.
/// <list type="bullet">
/// <item>The validation handshake when a subscription is made: <c>?validationToken=</c> echoed as <c>text/plain</c>.</item>
/// <item>Change notifications (<c>{"value":[{subscriptionId, clientState, changeType, ...}]}</c>): the channel id and token
/// travel in <c>clientState</c> (<see cref="OutlookClientState"/>); a live channel with its token (checked in constant time)
/// queues a sync of that calendar (the notification's data is not trusted; the delta query reads what changed).</item>
/// <item>Lifecycle notifications: <c>missed</c> queues a sync (the delta query catches up); <c>reauthorizationRequired</c> and
/// <c>subscriptionRemoved</c> end the channel, and the sync queued opens a new subscription.</item>
/// </list>
/// Unknown channels are answered 202 and ignored (Graph stops retrying); a wrong token or app secret gets 401; a body that
/// is not a notification collection gets 400.
/// </summary>
internal sealed class OutlookWebhookEndpoint : IProviderEndpoints
{
    /// <summary>Graph's tokens are a few hundred characters; anything much longer is not Graph's.</summary>
    private const int MaxValidationTokenLength = 4096;

    /// <summary>Graph batches at most 1,000 notifications; without resource data each is well under 1 KB.</summary>
    private const long MaxBodyBytes = 1024 * 1024;

    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(CalendarSyncJobs.WebhookPathFor(MicrosoftProvider.Key), HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpRequest request, ISender sender, IOptions<MicrosoftOptions> options, CancellationToken cancellationToken)
    {
        // Graph reads status codes, not the site's friendly error pages.
        if (request.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        if (request.Query.TryGetValue("validationToken", out var validation))
        {
            var token = validation.ToString();
            return token.Length is 0 or > MaxValidationTokenLength || token.Any(char.IsControl)
                ? Results.BadRequest()
                : Results.Text(token, "text/plain; charset=utf-8");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        IReadOnlyList<GraphNotification>? notifications;
        try
        {
            notifications = await ReadAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or BadHttpRequestException or InvalidOperationException)
        {
            notifications = null;
        }

        if (notifications is null)
        {
            return Results.BadRequest();
        }

        var rejected = false;
        foreach (var notification in notifications)
        {
            if (OutlookClientState.Parse(notification.ClientState, options.Value.ClientState) is not { } channel)
            {
                // Not a clientState of ours (or the app secret is wrong): as a wrong token.
                rejected |= notification.ClientState is not null;
                continue;
            }

            var state = notification.LifecycleEvent switch
            {
                "reauthorizationRequired" or "subscriptionRemoved" => ReceiveCalendarNotificationCommand.ChannelEnded,
                _ => "exists", // a change, or "missed": the delta query reads whatever happened
            };
            var outcome = await sender.Send(
                new ReceiveCalendarNotificationCommand(channel.ChannelId, channel.Token, notification.SubscriptionId, state), cancellationToken);
            rejected |= outcome == CalendarNotificationOutcome.Rejected;
        }

        return rejected ? Results.Unauthorized() : Results.Accepted();
    }

    private static async Task<IReadOnlyList<GraphNotification>?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var notifications = new List<GraphNotification>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            notifications.Add(new GraphNotification(Text(item, "subscriptionId"), Text(item, "clientState"), Text(item, "lifecycleEvent")));
        }

        return notifications;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    private sealed record GraphNotification(string? SubscriptionId, string? ClientState, string? LifecycleEvent);
}
