using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InsightGig.Infrastructure.Providers.Zoom;
using Mediator;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Bad input on the webhook endpoints, which machines call: correctly signed Zoom deliveries of unusual shapes and Google
/// notifications with odd headers are answered 400 (or what the endpoint answers anything it ignores), never a 500, never a
/// stack trace — the app runs in Development here, whose exception page would show one — and nothing is changed.
/// </summary>
[Collection(SecurityGroup.Name)]
public sealed class BadWebhookInputTests(SecurityApp app)
{
    /// <summary>The secret <see cref="TestSupport.Sandbox.ProviderSandboxSettings"/> gives the app.</summary>
    private const string ZoomSecret = "sandbox-zoom-webhook-secret";

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Name, body, timestamp (null: now), and what the 400 says is wrong.</summary>
    private static readonly Dictionary<string, (string Body, string? Timestamp, string Says)> ZoomCases = new(StringComparer.Ordinal)
    {
        ["a top-level array"] = ("[1,2]", null, "the body is not a JSON object"),
        ["a top-level string"] = ("\"app_deauthorized\"", null, "the body is not a JSON object"),
        ["a top-level null"] = ("null", null, "the body is not a JSON object"),
        ["not JSON"] = ("event=app_deauthorized", null, "the body is not JSON"),
        ["an empty body"] = ("", null, "the body is not JSON"),
        ["event as a number"] = ("{\"event\":5}", null, "event is not a string"),
        ["event as an object"] = ("{\"event\":{\"name\":\"app_deauthorized\"}}", null, "event is not a string"),
        ["plainToken as a number"] = ("{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":5}}", null, "payload.plainToken must be a non-empty string"),
        ["plainToken missing"] = ("{\"event\":\"endpoint.url_validation\",\"payload\":{}}", null, "payload.plainToken must be a non-empty string"),
        ["payload as an array"] = ("{\"event\":\"endpoint.url_validation\",\"payload\":[\"plainToken\"]}", null, "payload.plainToken must be a non-empty string"),
        ["plainToken with a NUL"] = ("{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":\"a\\u0000b\"}}", null, "payload.plainToken must be a non-empty string"),
        ["user_id as a number"] = ("{\"event\":\"app_deauthorized\",\"payload\":{\"user_id\":5}}", null, "payload.user_id must be a string of 1 to 200 characters"),
        ["user_id as an array"] = ("{\"event\":\"app_deauthorized\",\"payload\":{\"user_id\":[\"x\"]}}", null, "payload.user_id must be a string of 1 to 200 characters"),
        ["user_id empty"] = ("{\"event\":\"app_deauthorized\",\"payload\":{\"user_id\":\"\"}}", null, "payload.user_id must be a string of 1 to 200 characters"),
        ["user_id of 10,000 characters"] = ("{\"event\":\"app_deauthorized\",\"payload\":{\"user_id\":\"" + new string('u', 10_000) + "\"}}", null, "payload.user_id must be a string of 1 to 200 characters"),
        ["user_id with a NUL"] = ("{\"event\":\"app_deauthorized\",\"payload\":{\"user_id\":\"\\u0000\"}}", null, "payload.user_id must be a string of 1 to 200 characters"),
        ["event with an unpaired surrogate"] = ("{\"event\":\"\\ud800\"}", null, "event is not a string"),
        ["user_id with an unpaired surrogate"] = ("{\"event\":\"app_deauthorized\",\"payload\":{\"user_id\":\"a\\udc00b\"}}", null, "payload.user_id must be a string of 1 to 200 characters"),
        ["plainToken with an unpaired surrogate"] = ("{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":\"\\udbff\"}}", null, "payload.plainToken must be a non-empty string"),
        ["payload as a string"] = ("{\"event\":\"app_deauthorized\",\"payload\":\"user_id\"}", null, "payload.user_id must be a string of 1 to 200 characters"),
        ["timestamp 253402300800000 (year 10000, in ms)"] = ("{\"event\":\"meeting.started\"}", "253402300800000", "x-zm-request-timestamp is not a time"),
        ["timestamp 9223372036854775807"] = ("{\"event\":\"meeting.started\"}", "9223372036854775807", "x-zm-request-timestamp is not a time"),
    };

    public static TheoryData<string> ZoomCaseNames() => [.. ZoomCases.Keys];

    [Theory]
    [MemberData(nameof(ZoomCaseNames))]
    public async Task A_correctly_signed_zoom_delivery_of_an_unusual_shape_gets_400_saying_what_is_wrong_and_changes_nothing(string name)
    {
        await app.EnsureLinkedAsync();
        var (body, timestamp, says) = ZoomCases[name];
        var before = await app.FootprintAsync();
        using var client = app.Factory.CreateAnonymousClient();
        using var request = ZoomDelivery(body, timestamp ?? Now());

        using var response = await client.SendAsync(request, SecurityApp.Ct);

        var text = await response.Content.ReadAsStringAsync(SecurityApp.Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}\n{text[..Math.Min(text.Length, 1500)]}");
        AssertNoStackTrace(text);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(says, problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await app.FootprintAsync());
    }

    [Fact]
    public async Task Google_notifications_with_odd_headers_never_get_a_500()
    {
        var before = await app.FootprintAsync();
        using var client = app.Factory.CreateAnonymousClient();
        var odd = new (string Name, string[] Values)[][]
        {
            [],
            [("X-Goog-Channel-ID", [""])],
            [("X-Goog-Channel-ID", [new string('c', 6000)]), ("X-Goog-Channel-Token", ["t"])],
            [("X-Goog-Channel-ID", ["a", "b"]), ("X-Goog-Channel-Token", ["x", "y"]), ("X-Goog-Resource-State", ["exists", "sync"])],
            [("X-Goog-Channel-ID", [Guid.NewGuid().ToString()]), ("X-Goog-Channel-Token", [new string('t', 6000)]), ("X-Goog-Resource-ID", ["\u00e9"])],
        };

        foreach (var headers in odd)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/google", UriKind.Relative)) { Content = new StringContent("[1,2]", Encoding.UTF8, "application/json") };
            foreach (var (headerName, values) in headers)
            {
                request.Headers.TryAddWithoutValidation(headerName, values);
            }

            using var response = await client.SendAsync(request, SecurityApp.Ct);

            var text = await response.Content.ReadAsStringAsync(SecurityApp.Ct);
            Assert.True((int)response.StatusCode < 500, $"{string.Join(", ", headers.Select(h => h.Name))}: {(int)response.StatusCode}\n{text}");
            AssertNoStackTrace(text);
        }

        Assert.Equal(before, await app.FootprintAsync());
    }

    [Fact]
    public async Task An_unexpected_error_in_a_webhook_is_a_bare_500_even_in_development()
    {
        // Both endpoints' services fail as a bug or a lost database would: Development's exception page must not answer.
        await using var failing = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddScoped<ZoomWebhookReceiver>(_ => throw new InvalidOperationException("Zoom receiver exploded in " + nameof(BadWebhookInputTests)));
            services.AddScoped<ISender>(_ => throw new InvalidOperationException("Mediator exploded in " + nameof(BadWebhookInputTests)));
        }));
        using var client = failing.CreateClient(new() { AllowAutoRedirect = false });

        using var delivery = ZoomDelivery("{\"event\":\"meeting.started\"}", Now());
        using var zoom = await client.SendAsync(delivery, SecurityApp.Ct);
        using var google = await client.PostAsync(new Uri("/webhooks/google", UriKind.Relative), content: null, SecurityApp.Ct);

        foreach (var response in new[] { zoom, google })
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(SecurityApp.Ct));
        }
    }

    /// <summary>Nothing of the code's insides: no exception name, no frame, no source path.</summary>
    private static void AssertNoStackTrace(string body)
    {
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }

    private static HttpRequestMessage ZoomDelivery(string body, string timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/zoom", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ZoomSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", "v0=" + signature);
        return request;
    }
}
