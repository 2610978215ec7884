using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>
/// Sends Zoom webhooks as Zoom does: JSON body, <c>x-zm-request-timestamp</c> (seconds) and
/// <c>x-zm-signature</c> = <c>v0=</c> + hex(HMAC-SHA256(secret, <c>v0:{timestamp}:{body}</c>)).
/// </summary>
internal static class ZoomWebhookSender
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>The user removed the app in Zoom: revoke their grants, then tell the app's webhook endpoint.</summary>
    public static async Task<(int Revoked, int Status)> DeauthorizeAsync(ProviderSandboxState sandbox, string email, Uri webhookUrl, string secretToken, CancellationToken cancellationToken)
    {
        var revoked = sandbox.Zoom.Tokens.RevokeAllOf(email);
        var now = sandbox.Time.GetUtcNow();
        var body = new JsonObject
        {
            ["event"] = "app_deauthorized",
            ["event_ts"] = now.ToUnixTimeMilliseconds(),
            ["payload"] = new JsonObject
            {
                ["account_id"] = StableIds.ZoomAccountId(email),
                ["user_id"] = StableIds.ZoomUserId(email),
                ["signature"] = SecureRandomText.Token(16),
                ["deauthorization_time"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["client_id"] = sandbox.Options.Zoom.ClientId,
            },
        }.ToJsonString();
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretToken), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", signature);
        using var response = await Http.SendAsync(request, cancellationToken);
        return (revoked, (int)response.StatusCode);
    }
}
