using System.Globalization;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// <c>POST /subscriptions</c> (resource <c>me/events</c>; validation handshake on <c>notificationUrl</c> and
/// <c>lifecycleNotificationUrl</c>; <c>expirationDateTime</c> capped at the options' maximum, 10,080 minutes by default),
/// <c>GET/PATCH/DELETE /subscriptions/{id}</c> and <c>POST /subscriptions/{id}/reauthorize</c>.
/// </summary>
internal static class GraphSubscriptionEndpoints
{
    private static readonly string[] Resources = ["me/events", "/me/events", "me/calendar/events", "/me/calendar/events"];

    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapPost("/subscriptions", CreateAsync);
        graph.MapGet("/subscriptions/{id}", Get);
        graph.MapPatch("/subscriptions/{id}", RenewAsync);
        graph.MapDelete("/subscriptions/{id}", Delete);
        graph.MapPost("/subscriptions/{id}/reauthorize", Reauthorize);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, OAuthGrant? grant, IResult? error) = GraphEndpoints.Authenticate(http, sandbox, needsCalendar: true);
        if (account is null)
        {
            return error!;
        }

        (JsonObject? body, IResult? unreadable) = await GraphEventReader.ReadObjectAsync(http.Request);
        if (body is null)
        {
            return unreadable!;
        }

        string? changeType = Text(body, "changeType");
        string? resource = Text(body, "resource");
        string? clientState = Text(body, "clientState");
        if (changeType is null || changeType.Split(',', StringSplitOptions.TrimEntries).Any(type => !GraphEnums.ChangeTypes.Contains(type)))
        {
            return Invalid($"Invalid changeType '{changeType}': use created, updated and/or deleted, separated by commas.");
        }

        if (resource is null || !Resources.Contains(resource, StringComparer.OrdinalIgnoreCase))
        {
            return Invalid($"Subscriptions to the resource '{resource}' are not supported here; subscribe to 'me/events'.");
        }

        if (clientState is { Length: > 128 })
        {
            return Invalid("clientState must be at most 128 characters long.");
        }

        if (!GraphSubscriptionRegistry.IsAcceptableUrl(Text(body, "notificationUrl"), out Uri? notificationUrl))
        {
            return Invalid("Subscription notificationUrl must be an absolute https URL (or http on a loopback host in the sandbox).");
        }

        Uri? lifecycleUrl = null;
        if (Text(body, "lifecycleNotificationUrl") is { } lifecycleText && !GraphSubscriptionRegistry.IsAcceptableUrl(lifecycleText, out lifecycleUrl))
        {
            return Invalid("Subscription lifecycleNotificationUrl must be an absolute https URL (or http on a loopback host in the sandbox).");
        }

        (DateTimeOffset? expiration, IResult? badExpiration) = Expiration(body, sandbox);
        if (expiration is null)
        {
            return badExpiration!;
        }

        if (!await GraphSubscriptionRegistry.ValidateAsync(notificationUrl!, http.RequestAborted)
            || (lifecycleUrl is not null && !await GraphSubscriptionRegistry.ValidateAsync(lifecycleUrl, http.RequestAborted)))
        {
            return Invalid("Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.");
        }

        GraphSubscription created = sandbox.Microsoft.Subscriptions.Add(new GraphSubscription
        {
            Id = Guid.NewGuid().ToString(),
            OwnerId = account.Id,
            TenantId = account.TenantId,
            ApplicationId = grant!.ClientId,
            Resource = resource,
            ChangeType = changeType,
            NotificationUrl = notificationUrl!,
            LifecycleNotificationUrl = lifecycleUrl,
            ClientState = clientState,
            Expiration = expiration.Value,
        });
        return Results.Json(sandbox.Microsoft.Subscriptions.Render(created), SandboxJson.CamelCase, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Get(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox) =>
        Find(http, sandbox, id) is (GraphSubscription subscription, null)
            ? Results.Json(sandbox.Microsoft.Subscriptions.Render(subscription), SandboxJson.CamelCase)
            : Find(http, sandbox, id).Error!;

    private static async Task<IResult> RenewAsync(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GraphSubscription? subscription, IResult? error) = Find(http, sandbox, id);
        if (subscription is null)
        {
            return error!;
        }

        (JsonObject? body, IResult? unreadable) = await GraphEventReader.ReadObjectAsync(http.Request);
        if (body is null)
        {
            return unreadable!;
        }

        (DateTimeOffset? expiration, IResult? badExpiration) = Expiration(body, sandbox);
        if (expiration is null)
        {
            return badExpiration!;
        }

        sandbox.Microsoft.Subscriptions.Renew(subscription, expiration.Value);
        return Results.Json(sandbox.Microsoft.Subscriptions.Render(subscription), SandboxJson.CamelCase);
    }

    private static IResult Delete(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GraphSubscription? subscription, IResult? error) = Find(http, sandbox, id);
        if (subscription is null)
        {
            return error!;
        }

        sandbox.Microsoft.Subscriptions.Remove(subscription);
        return Results.NoContent();
    }

    private static IResult Reauthorize(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GraphSubscription? subscription, IResult? error) = Find(http, sandbox, id);
        if (subscription is null)
        {
            return error!;
        }

        sandbox.Microsoft.Subscriptions.Renew(subscription, subscription.Expiration);
        return Results.NoContent();
    }

    private static (GraphSubscription? Subscription, IResult? Error) Find(HttpContext http, ProviderSandboxState sandbox, string id)
    {
        (MicrosoftAccount? account, OAuthGrant? grant, IResult? error) = GraphEndpoints.Authenticate(http, sandbox, needsCalendar: true);
        if (account is null)
        {
            return (null, error);
        }

        return sandbox.Microsoft.Subscriptions.Find(id, account.Id, grant!.ClientId) is { } subscription
            ? (subscription, null)
            : (null, MicrosoftErrors.Graph(StatusCodes.Status404NotFound, "ResourceNotFound", $"The object was not found. Subscription '{id}'."));
    }

    /// <summary>The requested expiry: in the future, capped at the maximum lifetime (Graph answers the expiry it granted).</summary>
    private static (DateTimeOffset? Expiration, IResult? Error) Expiration(JsonObject body, ProviderSandboxState sandbox)
    {
        DateTimeOffset now = sandbox.Time.GetUtcNow();
        if (!DateTimeOffset.TryParse(Text(body, "expirationDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset asked))
        {
            return (null, Invalid("expirationDateTime is required and must be a date and time."));
        }

        if (asked <= now)
        {
            return (null, Invalid("Subscription expiration can only be in the future."));
        }

        DateTimeOffset latest = now + sandbox.Options.MicrosoftSubscriptionMaxLifetime;
        return (asked > latest ? latest : asked.ToUniversalTime(), null);
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0 ? text : null;

    private static IResult Invalid(string message) => MicrosoftErrors.BadRequest(message, "InvalidRequest");
}
