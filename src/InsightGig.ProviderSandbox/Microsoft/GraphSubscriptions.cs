using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>A change-notification subscription (guarded by the registry's lock).</summary>
internal sealed class GraphSubscription
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public required string TenantId { get; init; }
    public required string ApplicationId { get; init; }
    public required string Resource { get; init; }
    public required string ChangeType { get; init; }
    public required Uri NotificationUrl { get; init; }
    public Uri? LifecycleNotificationUrl { get; init; }
    public string? ClientState { get; init; }
    public required DateTimeOffset Expiration { get; set; }
    public bool Removed { get; set; }
    public bool NeedsReauthorization { get; set; }
    public List<GraphNotificationInfo> Notifications { get; } = [];

    public IEnumerable<string> ChangeTypes => ChangeType.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Subscriptions to <c>me/events</c> and their notifications, as Graph sends them: the validation handshake at creation (a POST to
/// each URL with <c>?validationToken=</c>, which must be echoed as text/plain with 200 within 10 s), then a change notification
/// (<c>{"value":[{subscriptionId, subscriptionExpirationDateTime, changeType, resource, resourceData, clientState, tenantId}]}</c>)
/// after every change of an event of the owner, and lifecycle notifications when the control API asks for one.
/// </summary>
internal sealed class GraphSubscriptionRegistry(TimeProvider time)
{
    private const string Timestamp = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Lock _gate = new();
    private readonly List<GraphSubscription> _subscriptions = [];
    private readonly List<Task> _deliveries = [];

    /// <summary>Graph's validation request: true when the endpoint echoed the token as text/plain with 200 in time.</summary>
    public static async Task<bool> ValidateAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        string token = "Validation: Testing client application reachability for subscription Request-Id: " + Guid.NewGuid();
        var url = new UriBuilder(endpoint);
        string escaped = "validationToken=" + Uri.EscapeDataString(token);
        url.Query = string.IsNullOrEmpty(url.Query) ? escaped : url.Query.TrimStart('?') + "&" + escaped;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url.Uri) { Content = new StringContent(string.Empty, Encoding.UTF8, "text/plain") };
            using HttpResponseMessage response = await Http.SendAsync(request, cancellationToken);
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode == System.Net.HttpStatusCode.OK
                && response.Content.Headers.ContentType?.MediaType == "text/plain"
                && body == token;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // no answer within 10 s
        }
    }

    /// <summary>An address Graph would call: HTTPS, or (the sandbox's allowance for local apps) HTTP on a loopback host.</summary>
    public static bool IsAcceptableUrl(string? text, out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url)
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && RedirectUriPolicy.IsLoopback(url)));

    public GraphSubscription Add(GraphSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>A live subscription the owner (and app) made; null when unknown, removed or expired.</summary>
    public GraphSubscription? Find(string id, string ownerId, string applicationId)
    {
        lock (_gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            return _subscriptions.Find(s => s.Id == id && s.OwnerId == ownerId && s.ApplicationId == applicationId && !s.Removed && s.Expiration > now);
        }
    }

    public GraphSubscription? FindAny(string id)
    {
        lock (_gate)
        {
            return _subscriptions.Find(s => s.Id == id);
        }
    }

    public void Renew(GraphSubscription subscription, DateTimeOffset expiration)
    {
        lock (_gate)
        {
            subscription.Expiration = expiration;
            subscription.NeedsReauthorization = false;
        }
    }

    public void Remove(GraphSubscription subscription)
    {
        lock (_gate)
        {
            subscription.Removed = true;
        }
    }

    /// <summary>An event of <paramref name="ownerId"/> changed: every live subscription of theirs asking for that change type is notified.</summary>
    public void EventChanged(string ownerId, OutlookEvent changed, string changeType)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (GraphSubscription subscription in _subscriptions.Where(s =>
                s.OwnerId == ownerId && !s.Removed && !s.NeedsReauthorization && s.Expiration > now && s.ChangeTypes.Contains(changeType)))
            {
                string resource = $"Users/{ownerId}/Events/{changed.Id}";
                var notification = new JsonObject
                {
                    ["subscriptionId"] = subscription.Id,
                    ["subscriptionExpirationDateTime"] = Format(subscription.Expiration),
                    ["changeType"] = changeType,
                    ["resource"] = resource,
                    ["resourceData"] = new JsonObject
                    {
                        ["@odata.type"] = "#Microsoft.Graph.Event",
                        ["@odata.id"] = resource,
                        ["@odata.etag"] = $"W/\"{changed.ChangeKey}\"",
                        ["id"] = changed.Id,
                    },
                    ["clientState"] = subscription.ClientState,
                    ["tenantId"] = subscription.TenantId,
                };
                Send(subscription, subscription.NotificationUrl, changeType, notification, now);
            }
        }
    }

    /// <summary>
    /// Sends a lifecycle notification to the subscription's <c>lifecycleNotificationUrl</c>: <c>reauthorizationRequired</c> pauses
    /// its change notifications until it is renewed or reauthorized, <c>subscriptionRemoved</c> ends it, <c>missed</c> only tells.
    /// </summary>
    public string? Lifecycle(string id, string lifecycleEvent)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            if (_subscriptions.Find(s => s.Id == id && !s.Removed) is not { } subscription)
            {
                return $"There is no live subscription {id}.";
            }

            if (subscription.LifecycleNotificationUrl is not { } url)
            {
                return "The subscription has no lifecycleNotificationUrl: Graph sends it no lifecycle notifications.";
            }

            var notification = new JsonObject
            {
                ["subscriptionId"] = subscription.Id,
                ["subscriptionExpirationDateTime"] = Format(subscription.Expiration),
                ["tenantId"] = subscription.TenantId,
                ["clientState"] = subscription.ClientState,
                ["lifecycleEvent"] = lifecycleEvent,
            };
            Send(subscription, url, lifecycleEvent, notification, now);
            subscription.NeedsReauthorization |= lifecycleEvent == GraphEnums.ReauthorizationRequired;
            subscription.Removed |= lifecycleEvent == GraphEnums.SubscriptionRemoved;
            return null;
        }
    }

    public JsonObject Render(GraphSubscription s)
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["id"] = s.Id,
                ["resource"] = s.Resource,
                ["applicationId"] = s.ApplicationId,
                ["changeType"] = s.ChangeType,
                ["clientState"] = s.ClientState,
                ["notificationUrl"] = s.NotificationUrl.ToString(),
                ["notificationQueryOptions"] = null,
                ["lifecycleNotificationUrl"] = s.LifecycleNotificationUrl?.ToString(),
                ["expirationDateTime"] = Format(s.Expiration),
                ["creatorId"] = s.OwnerId,
                ["includeResourceData"] = null,
                ["latestSupportedTlsVersion"] = "v1_2",
                ["encryptionCertificate"] = null,
                ["encryptionCertificateId"] = null,
                ["notificationUrlAppId"] = null,
            };
        }
    }

    public IReadOnlyList<GraphSubscriptionInfo> Describe()
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            return [.. _subscriptions.Select(s => new GraphSubscriptionInfo(
                s.Id, s.OwnerId, s.Resource, s.ChangeType, s.NotificationUrl, s.LifecycleNotificationUrl, s.ClientState, s.Expiration,
                s.Removed, s.Expiration <= now, s.NeedsReauthorization, [.. s.Notifications]))];
        }
    }

    /// <summary>Waits for the deliveries started so far.</summary>
    public Task DeliveredAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _deliveries]);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _subscriptions.Clear();
        }
    }

    private static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture);

    private void Send(GraphSubscription subscription, Uri url, string kind, JsonObject notification, DateTimeOffset now)
    {
        var info = new GraphNotificationInfo(kind, notification["resource"]?.GetValue<string>(), now);
        subscription.Notifications.Add(info);
        string body = new JsonObject { ["value"] = new JsonArray(notification) }.ToJsonString();
        _deliveries.RemoveAll(t => t.IsCompleted);
        _deliveries.Add(Task.Run(() => DeliverAsync(subscription, info, url, body)));
    }

    private async Task DeliverAsync(GraphSubscription subscription, GraphNotificationInfo info, Uri url, string body)
    {
        int status;
        try
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using HttpResponseMessage response = await Http.PostAsync(url, content);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (TaskCanceledException)
        {
            status = 0;
        }

        lock (_gate)
        {
            int index = subscription.Notifications.IndexOf(info);
            if (index >= 0)
            {
                subscription.Notifications[index] = info with { DeliveryStatus = status };
            }
        }
    }
}
