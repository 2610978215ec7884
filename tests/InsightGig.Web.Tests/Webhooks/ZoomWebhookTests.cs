using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;

namespace InsightGig.Web.Tests.Webhooks;

/// <summary>
/// <c>POST /webhooks/zoom</c>: only deliveries signed with the webhook secret (<c>x-zm-signature</c> over
/// <c>v0:{timestamp}:{body}</c>), at most 5 minutes old and never seen before are acted on; everything else gets 401 and
/// changes nothing.
/// </summary>
public sealed class ZoomWebhookTests(ZoomWebhookApp app) : IClassFixture<ZoomWebhookApp>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Endpoint_url_validation_is_answered_with_the_plain_token_hashed_with_the_secret()
    {
        var plainToken = "plain-" + Guid.NewGuid().ToString("N");
        var body = UrlValidationBody(plainToken);

        using var response = await PostAsync(body, Now(), ZoomWebhookApp.SecretToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(plainToken, answer.GetProperty("plainToken").GetString());
        Assert.Equal(Hmac(ZoomWebhookApp.SecretToken, plainToken), answer.GetProperty("encryptedToken").GetString());
    }

    public static TheoryData<string> BadSignatures =>
    [
        "wrong-secret",
        "tampered-body",
        "no-signature",
        "no-timestamp",
        "signature-of-another-timestamp",
    ];

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_delivery_without_a_valid_signature_is_refused_and_changes_nothing(string flaw)
    {
        var issued = await app.ConnectZoomAsync(DemoData.Clara);
        var receiptsBefore = await ReceiptCountAsync();
        var body = DeauthorizedBody(issued.AccountId);
        var timestamp = Now();
        using var request = Delivery(body, timestamp, ZoomWebhookApp.SecretToken);
        switch (flaw)
        {
            case "wrong-secret":
                request.Headers.Remove("x-zm-signature");
                request.Headers.Add("x-zm-signature", Signature("not-the-secret", timestamp, body));
                break;
            case "tampered-body":
                request.Content = Json(DeauthorizedBody(issued.AccountId).Replace("app_deauthorized", "app_deauthorized ", StringComparison.Ordinal));
                break;
            case "no-signature":
                request.Headers.Remove("x-zm-signature");
                break;
            case "no-timestamp":
                request.Headers.Remove("x-zm-request-timestamp");
                break;
            case "signature-of-another-timestamp":
                request.Headers.Remove("x-zm-request-timestamp");
                request.Headers.Add("x-zm-request-timestamp", (long.Parse(timestamp, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flaw), flaw, null);
        }

        using var response = await app.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertStillLinkedAsync(DemoData.Clara);
        Assert.Equal(receiptsBefore, await ReceiptCountAsync());
    }

    [Theory]
    [InlineData(-6 * 60)]
    [InlineData(-60 * 60)]
    [InlineData(6 * 60)]
    public async Task A_correctly_signed_delivery_older_or_newer_than_5_minutes_is_refused(int ageSeconds)
    {
        var issued = await app.ConnectZoomAsync(DemoData.Clara);
        var receiptsBefore = await ReceiptCountAsync();
        var timestamp = DateTimeOffset.UtcNow.AddSeconds(ageSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var response = await PostAsync(DeauthorizedBody(issued.AccountId), timestamp, ZoomWebhookApp.SecretToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertStillLinkedAsync(DemoData.Clara);
        Assert.Equal(receiptsBefore, await ReceiptCountAsync());
    }

    [Fact]
    public async Task A_replayed_delivery_is_refused_the_second_time()
    {
        var body = UrlValidationBody("plain-" + Guid.NewGuid().ToString("N"));
        var timestamp = Now();

        using var first = await PostAsync(body, timestamp, ZoomWebhookApp.SecretToken);
        using var replay = await PostAsync(body, timestamp, ZoomWebhookApp.SecretToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task A_replayed_deauthorization_is_refused_after_the_first_one_disconnected()
    {
        var issued = await app.ConnectZoomAsync(DemoData.Clara);
        var body = DeauthorizedBody(issued.AccountId);
        var timestamp = Now();

        using var first = await PostAsync(body, timestamp, ZoomWebhookApp.SecretToken);
        using var replay = await PostAsync(body, timestamp, ZoomWebhookApp.SecretToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task A_signed_deauthorization_disconnects_that_Zoom_user_deletes_the_tokens_and_keeps_the_history()
    {
        var clara = await app.ConnectZoomAsync(DemoData.Clara);
        await app.ConnectZoomAsync(DemoData.Carlos);
        var linkedAt = (await SandboxTestData.ConnectionAsync(app.Services, DemoData.Clara.Id, ZoomProvider.Key))!.ConnectedAtUtc;

        using var response = await PostAsync(DeauthorizedBody(clara.AccountId), Now(), ZoomWebhookApp.SecretToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertDisconnectedAsync(DemoData.Clara, linkedAt);
        await AssertStillLinkedAsync(DemoData.Carlos);
    }

    [Fact]
    public async Task Removing_the_app_in_the_sandbox_sends_a_signed_webhook_that_disconnects_the_user()
    {
        await app.ConnectZoomAsync(DemoData.Clara);
        await app.ConnectZoomAsync(DemoData.Carlos);
        var linkedAt = (await SandboxTestData.ConnectionAsync(app.Services, DemoData.Clara.Id, ZoomProvider.Key))!.ConnectedAtUtc;
        using var sandbox = new HttpClient { BaseAddress = app.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // A webhook signed with another secret is refused by the app (the sandbox still revokes, as Zoom would).
        using var forged = await sandbox.PostAsJsonAsync(
            "_sandbox/zoom/deauthorize",
            new { email = DemoData.Carlos.Email, webhookUrl = app.WebhookUrl.AbsoluteUri, secretToken = "someone-elses-secret" },
            TestContext.Current.CancellationToken);
        // The real one, over HTTP from the sandbox to the app on Kestrel.
        using var genuine = await sandbox.PostAsJsonAsync(
            "_sandbox/zoom/deauthorize",
            new { email = DemoData.Clara.Email, webhookUrl = app.WebhookUrl.AbsoluteUri, secretToken = ZoomWebhookApp.SecretToken },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(401, (await forged.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("webhookStatus").GetInt32());
        await AssertStillLinkedAsync(DemoData.Carlos);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        var outcome = await genuine.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(1, outcome.GetProperty("revokedGrants").GetInt32());
        Assert.Equal(200, outcome.GetProperty("webhookStatus").GetInt32());
        await AssertDisconnectedAsync(DemoData.Clara, linkedAt);
        Assert.All(app.State.GetGrants(SandboxProvider.Zoom), grant => Assert.True(grant.Revoked));
    }

    private async Task AssertStillLinkedAsync(DemoAccount person)
    {
        var connection = await SandboxTestData.ConnectionAsync(app.Services, person.Id, ZoomProvider.Key);
        Assert.NotNull(connection);
        Assert.Equal(ConnectionStatus.Active, connection.Status);
        Assert.NotNull(connection.ProtectedAccessToken);
        Assert.NotNull(connection.ProtectedRefreshToken);
        Assert.Null(connection.DisconnectedAtUtc);
    }

    private async Task AssertDisconnectedAsync(DemoAccount person, DateTimeOffset linkedAt)
    {
        var connection = await SandboxTestData.ConnectionAsync(app.Services, person.Id, ZoomProvider.Key);
        Assert.NotNull(connection);
        Assert.Equal(ConnectionStatus.Disconnected, connection.Status);
        Assert.Null(connection.ProtectedAccessToken);
        Assert.Null(connection.ProtectedRefreshToken);
        Assert.Null(connection.AccessTokenExpiresAtUtc);
        Assert.NotNull(connection.DisconnectedAtUtc);
        // The history stays: who it was and since when.
        Assert.Equal(person.Email, connection.AccountEmail);
        Assert.Equal(linkedAt, connection.ConnectedAtUtc);
        // No token of the person is left in clear or encrypted form.
        var stored = await SandboxTestData.RawRowsAsync(app.Services, "ProviderConnections");
        var row = Assert.Single(stored, r => r["PersonId"] is { } id && Guid.Parse(id) == person.Id);
        Assert.Null(row["ProtectedAccessToken"]);
        Assert.Null(row["ProtectedRefreshToken"]);
    }

    private async Task<int> ReceiptCountAsync() => (await SandboxTestData.RawRowsAsync(app.Services, "WebhookReceipt")).Count;

    private async Task<HttpResponseMessage> PostAsync(string body, string timestamp, string secret)
    {
        using var request = Delivery(body, timestamp, secret);
        return await app.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static HttpRequestMessage Delivery(string body, string timestamp, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("webhooks/zoom", UriKind.Relative)) { Content = Json(body) };
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", Signature(secret, timestamp, body));
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    internal static string Signature(string secret, string timestamp, string body) => "v0=" + Hmac(secret, $"v0:{timestamp}:{body}");

    private static string Hmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    private static string UrlValidationBody(string plainToken) => JsonSerializer.Serialize(new
    {
        payload = new { plainToken },
        event_ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        @event = "endpoint.url_validation",
    });

    internal static string DeauthorizedBody(string zoomUserId) => JsonSerializer.Serialize(new
    {
        @event = "app_deauthorized",
        event_ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        payload = new
        {
            account_id = "account-" + zoomUserId,
            user_id = zoomUserId,
            signature = Guid.NewGuid().ToString("N"),
            deauthorization_time = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            client_id = new ProviderSandboxOptions().Zoom.ClientId,
        },
    });
}
