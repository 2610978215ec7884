using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary>Subscriptions: the validation handshake, the expiry cap, change notifications (also from the Outlook page) and lifecycle notifications.</summary>
public sealed class GraphSubscriptionTests
{
    private static readonly string Ada = SandboxHarness.Ada.Email;

    [Fact]
    public async Task CreationValidatesTheUrlCapsTheExpiryAndEveryChangeIsNotifiedWithTheClientState()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        await using Receiver receiver = await Receiver.StartAsync(echoValidationToken: true);
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;

        (HttpStatusCode status, JsonElement subscription) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/subscriptions", token, new
        {
            changeType = "created,updated,deleted",
            notificationUrl = receiver.Address,
            lifecycleNotificationUrl = receiver.Address + "?lifecycle=1",
            resource = "me/events",
            expirationDateTime = "2026-04-30T00:00:00Z",
            clientState = "secret-of-the-app",
        });
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-notify"));
        sandbox.State.MoveOutlookEvent(Ada, created.GetProperty("id").GetString()!, new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 12, 10, 0, 0, TimeSpan.Zero));
        await sandbox.State.GraphNotificationsDeliveredAsync();

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("2026-03-09T09:00:00.0000000Z", subscription.GetProperty("expirationDateTime").GetString()); // 10,080 minutes from now
        Assert.Equal(2, receiver.Validations.Count);
        JsonElement[] notifications = [.. receiver.Notifications.SelectMany(n => n.GetProperty("value").EnumerateArray()).OrderBy(n => n.GetProperty("changeType").GetString() == "updated")];
        Assert.Equal(["created", "updated"], notifications.Select(n => n.GetProperty("changeType").GetString()));
        Assert.All(notifications, n =>
        {
            Assert.Equal(subscription.GetProperty("id").GetString(), n.GetProperty("subscriptionId").GetString());
            Assert.Equal("secret-of-the-app", n.GetProperty("clientState").GetString());
            Assert.Equal(created.GetProperty("id").GetString(), n.GetProperty("resourceData").GetProperty("id").GetString());
        });
    }

    [Fact]
    public async Task AUrlThatDoesNotEchoTheValidationTokenIsRefused()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        await using Receiver receiver = await Receiver.StartAsync(echoValidationToken: false);
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;

        (HttpStatusCode status, JsonElement error) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/subscriptions", token, new
        {
            changeType = "created,updated,deleted",
            notificationUrl = receiver.Address,
            resource = "me/events",
            expirationDateTime = "2026-03-03T00:00:00Z",
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidRequest", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(receiver.Validations);
        Assert.Empty(sandbox.State.GetGraphSubscriptions());
    }

    [Fact]
    public async Task LifecycleNotificationsGoToTheLifecycleUrlAndReauthorizationRequiredPausesChangesUntilRenewed()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        await using Receiver receiver = await Receiver.StartAsync(echoValidationToken: true);
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement subscription) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/subscriptions", token, new
        {
            changeType = "created",
            notificationUrl = receiver.Address,
            lifecycleNotificationUrl = receiver.Address + "?lifecycle=1",
            resource = "me/events",
            expirationDateTime = "2026-03-03T00:00:00Z",
            clientState = "state",
        });
        string id = subscription.GetProperty("id").GetString()!;

        using HttpResponseMessage lifecycle = await sandbox.SendJsonAsync(HttpMethod.Post, $"_sandbox/microsoft/subscriptions/{id}/lifecycle", null, new { lifecycleEvent = "reauthorizationRequired" });
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-paused"));
        await sandbox.State.GraphNotificationsDeliveredAsync();
        Assert.Equal(HttpStatusCode.Accepted, lifecycle.StatusCode);
        JsonElement lifecycleNotice = Assert.Single(receiver.Notifications).GetProperty("value")[0];
        Assert.Equal("reauthorizationRequired", lifecycleNotice.GetProperty("lifecycleEvent").GetString());
        Assert.Equal("state", lifecycleNotice.GetProperty("clientState").GetString());

        (HttpStatusCode renewed, JsonElement renewedBody) = await SendAsync(sandbox, HttpMethod.Patch, $"microsoft/v1.0/subscriptions/{id}", token, new { expirationDateTime = "2026-03-05T00:00:00Z" });
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-resumed"));
        await sandbox.State.GraphNotificationsDeliveredAsync();
        Assert.Equal(HttpStatusCode.OK, renewed);
        Assert.Equal("2026-03-05T00:00:00.0000000Z", renewedBody.GetProperty("expirationDateTime").GetString());
        Assert.Equal(2, receiver.Notifications.Count);

        using HttpResponseMessage removed = await sandbox.SendJsonAsync(HttpMethod.Post, $"_sandbox/microsoft/subscriptions/{id}/lifecycle", null, new { lifecycleEvent = "subscriptionRemoved" });
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/subscriptions/{id}", token)).Status);
    }

    [Fact]
    public async Task DeletedSubscriptionsAreSilentAndUnknownOnesAnswer404()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        await using Receiver receiver = await Receiver.StartAsync(echoValidationToken: true);
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement subscription) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/subscriptions", token, new
        {
            changeType = "created", notificationUrl = receiver.Address, resource = "me/events", expirationDateTime = "2026-03-03T00:00:00Z",
        });
        string id = subscription.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(sandbox, HttpMethod.Delete, $"microsoft/v1.0/subscriptions/{id}", token)).Status);
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-silent"));
        await sandbox.State.GraphNotificationsDeliveredAsync();

        Assert.Empty(receiver.Notifications);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(sandbox, HttpMethod.Delete, $"microsoft/v1.0/subscriptions/{id}", token)).Status);
    }

    /// <summary>A notification endpoint on loopback that echoes validation tokens (or not) and keeps the notifications it gets.</summary>
    internal sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public ConcurrentBag<string> Validations { get; } = [];

        public ConcurrentBag<JsonElement> Notifications { get; } = [];

        public static async Task<Receiver> StartAsync(bool echoValidationToken)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            WebApplication app = builder.Build();
            Receiver? receiver = null;
            app.MapPost("/webhooks/microsoft", async (HttpContext http) =>
            {
                if (http.Request.Query["validationToken"].ToString() is { Length: > 0 } validation)
                {
                    receiver!.Validations.Add(validation);
                    return echoValidationToken ? Results.Text(validation, "text/plain") : Results.Ok();
                }

                using JsonDocument body = await JsonDocument.ParseAsync(http.Request.Body);
                receiver!.Notifications.Add(body.RootElement.Clone());
                return Results.Accepted();
            });
            await app.StartAsync(SandboxHarness.Ct);
            string root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver = new Receiver(app, root + "/webhooks/microsoft");
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
