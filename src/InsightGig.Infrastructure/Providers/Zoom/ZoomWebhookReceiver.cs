using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>What a Zoom webhook delivery turned out to be.</summary>
public abstract record ZoomWebhook
{
    private ZoomWebhook()
    {
    }

    /// <summary>Bad or missing signature, stale timestamp, replay or unreadable body: answer 401 and change nothing.</summary>
    public sealed record Rejected(string Reason) : ZoomWebhook;

    /// <summary>Correctly signed, but not a delivery we can read (not a JSON object, fields of the wrong type or shape): answer 400.</summary>
    public sealed record Malformed(string Reason) : ZoomWebhook;

    /// <summary>Zoom checks the endpoint: answer with this body.</summary>
    public sealed record UrlValidation(string PlainToken, string EncryptedToken) : ZoomWebhook;

    public sealed record AppDeauthorized(string UserId) : ZoomWebhook;

    /// <summary>A verified event we do not act on.</summary>
    public sealed record Ignored(string EventName) : ZoomWebhook;
}

/// <summary>
/// Verifies Zoom webhooks as Zoom documents: <c>x-zm-signature</c> = <c>v0=</c> + hex(HMAC-SHA256(secret, <c>v0:{timestamp}:{body}</c>)),
/// compared in constant time; timestamps older than 5 minutes are refused, and a delivery is accepted once.
/// </summary>
public sealed class ZoomWebhookReceiver(ApplicationDbContext db, IConfiguration configuration, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxUserIdLength = 200;

    public async Task<ZoomWebhook> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secret = configuration["Providers:Zoom:WebhookSecretToken"];
        if (string.IsNullOrEmpty(secret))
        {
            return new ZoomWebhook.Rejected("no webhook secret is configured");
        }

        if (request.ContentLength is > MaxBodyBytes)
        {
            return new ZoomWebhook.Rejected("body too large");
        }

        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            var buffer = new char[MaxBodyBytes + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
            if (read > MaxBodyBytes)
            {
                return new ZoomWebhook.Rejected("body too large");
            }

            body = new string(buffer, 0, read);
        }

        var timestampText = request.Headers["x-zm-request-timestamp"].ToString();
        var signature = request.Headers["x-zm-signature"].ToString();
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || string.IsNullOrEmpty(signature))
        {
            return new ZoomWebhook.Rejected("missing signature or timestamp");
        }

        var expected = "v0=" + HexHmac(secret, $"v0:{timestampText}:{body}");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return new ZoomWebhook.Rejected("bad signature");
        }

        if (SentAt(timestamp) is not { } sentAt)
        {
            return new ZoomWebhook.Malformed("x-zm-request-timestamp is not a time");
        }

        var age = clock.GetUtcNow() - sentAt;
        if (age > MaxAge || age < -MaxAge)
        {
            return new ZoomWebhook.Rejected("stale timestamp");
        }

        if (!await FirstDeliveryAsync(signature, cancellationToken))
        {
            return new ZoomWebhook.Rejected("replayed delivery");
        }

        return Parse(body, secret);
    }

    /// <summary>Zoom sends seconds; milliseconds are accepted too, as some of its products send them. Null: no time at all (year 10000 and on).</summary>
    private static DateTimeOffset? SentAt(long timestamp)
    {
        var milliseconds = timestamp > 100_000_000_000 ? timestamp : timestamp * 1000;
        return milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }

    private static ZoomWebhook Parse(string body, string secret)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new ZoomWebhook.Malformed("the body is not JSON");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ZoomWebhook.Malformed("the body is not a JSON object");
            }

            if (!TryGetText(root, "event", out var eventName))
            {
                return new ZoomWebhook.Malformed("event is not a string");
            }

            var payload = root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            switch (eventName)
            {
                case "endpoint.url_validation":
                    return TryGetText(payload, "plainToken", out var plain) && plain.Length > 0
                        ? new ZoomWebhook.UrlValidation(plain, HexHmac(secret, plain))
                        : new ZoomWebhook.Malformed("payload.plainToken must be a non-empty string");
                case "app_deauthorized":
                    return TryGetText(payload, "user_id", out var userId) && userId.Length is > 0 and <= MaxUserIdLength
                        ? new ZoomWebhook.AppDeauthorized(userId)
                        : new ZoomWebhook.Malformed($"payload.user_id must be a string of 1 to {MaxUserIdLength} characters");
                default:
                    return new ZoomWebhook.Ignored(eventName);
            }
        }
    }

    /// <summary>
    /// A string property of an object, or empty when it is absent or null; false when it is something else (a number, an
    /// array), holds control characters (a NUL cannot be stored in PostgreSQL and is never in a Zoom id or token) or is
    /// not valid UTF-16 (an unpaired surrogate escape such as <c>"\ud800"</c>, which <c>GetString</c> refuses to read).
    /// </summary>
    private static bool TryGetText(JsonElement element, string name, out string text)
    {
        text = string.Empty;
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            text = value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return !text.Any(char.IsControl);
    }

    private async Task<bool> FirstDeliveryAsync(string signature, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(signature)));
        var now = clock.GetUtcNow();
        if (await db.Set<WebhookReceipt>().AnyAsync(r => r.Id == id, cancellationToken))
        {
            return false;
        }

        // Two copies racing past the check: the primary key lets one in.
        db.Set<WebhookReceipt>().Add(new WebhookReceipt(id, "zoom", now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        // Receipts older than the accepted age can never match a valid delivery again.
        var cutoff = now - (2 * MaxAge);
        await db.Set<WebhookReceipt>().Where(r => r.ReceivedAtUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
        return true;
    }

    private static string HexHmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
}
