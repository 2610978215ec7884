using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Tests.CalendarSync;

/// <summary>
/// events.watch and channels.stop: a channel posts a <c>sync</c> message when it opens and an <c>exists</c> message after
/// each change of the calendar, with Google's headers, to a real HTTP receiver on loopback; stopped or expired channels are silent.
/// </summary>
public sealed class CalendarPushTests
{
    private const string Watch = "google/calendar/v3/calendars/primary/events/watch";
    private const string Stop = "google/calendar/v3/channels/stop";
    private static readonly string Ada = SandboxHarness.Ada.Email;

    [Fact]
    public async Task AChannelSendsSyncWhenItOpensThenExistsAfterEveryChangeWithGooglesHeaders()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        await using Receiver receiver = await Receiver.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, Ada).AccessToken;

        using HttpResponseMessage opened = await sandbox.SendJsonAsync(HttpMethod.Post, Watch, token,
            new { id = "channel-1", type = "web_hook", address = receiver.Address, token = "secret-of-the-app" });
        JsonElement channel = await SandboxHarness.ReadJsonAsync(opened);
        await GoogleCalendarTests.InsertAsync(sandbox, token, GoogleCalendarTests.NewEvent("igpush0001"));
        await sandbox.State.CalendarNotificationsDeliveredAsync();

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("api#channel", channel.GetProperty("kind").GetString());
        Assert.Equal("channel-1", channel.GetProperty("id").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            channel.GetProperty("expiration").GetString()); // a week, Calendar's default
        JsonElement schema = SpecFiles.LoadDiscovery(SpecFiles.RequireDirectory()).GetProperty("schemas").GetProperty("Channel").GetProperty("properties");
        Assert.All(channel.EnumerateObject(), p => Assert.True(schema.TryGetProperty(p.Name, out _), $"Channel has no field {p.Name}"));

        IReadOnlyDictionary<string, string>[] received = [.. receiver.Requests.OrderBy(r => r["X-Goog-Message-Number"], StringComparer.Ordinal)];
        Assert.Equal(["sync", "exists"], received.Select(r => r["X-Goog-Resource-State"]));
        Assert.Equal(["1", "2"], received.Select(r => r["X-Goog-Message-Number"]));
        Assert.All(received, r =>
        {
            Assert.Equal("channel-1", r["X-Goog-Channel-ID"]);
            Assert.Equal("secret-of-the-app", r["X-Goog-Channel-Token"]);
            Assert.Equal(channel.GetProperty("resourceId").GetString(), r["X-Goog-Resource-ID"]);
            Assert.Equal("Mon, 09 Mar 2026 09:00:00 GMT", r["X-Goog-Channel-Expiration"]);
        });
        Assert.All(Assert.Single(sandbox.State.GetCalendarChannels()).Notifications, n => Assert.Equal(200, n.DeliveryStatus));
    }

    [Fact]
    public async Task StoppedAndExpiredChannelsSendNothingMore()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        await using Receiver receiver = await Receiver.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, Ada).AccessToken;
        string inOneHour = sandbox.Time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using HttpResponseMessage first = await sandbox.SendJsonAsync(HttpMethod.Post, Watch, token, new { id = "to-stop", type = "web_hook", address = receiver.Address });
        using HttpResponseMessage second = await sandbox.SendJsonAsync(HttpMethod.Post, Watch, token, new { id = "to-expire", type = "web_hook", address = receiver.Address, expiration = inOneHour });
        string resourceId = (await SandboxHarness.ReadJsonAsync(first)).GetProperty("resourceId").GetString()!;

        using HttpResponseMessage wrongResource = await sandbox.SendJsonAsync(HttpMethod.Post, Stop, token, new { id = "to-stop", resourceId = "other" });
        using HttpResponseMessage stopped = await sandbox.SendJsonAsync(HttpMethod.Post, Stop, token, new { id = "to-stop", resourceId });
        sandbox.Time.Advance(TimeSpan.FromHours(2));
        string later = sandbox.State.IssueTokens(SandboxProvider.Google, Ada).AccessToken; // the first one expired meanwhile
        await GoogleCalendarTests.InsertAsync(sandbox, later, GoogleCalendarTests.NewEvent("igpush0002"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongResource.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        IReadOnlyList<CalendarChannelInfo> channels = sandbox.State.GetCalendarChannels();
        Assert.True(channels.Single(c => c.Id == "to-stop").Stopped);
        Assert.True(channels.Single(c => c.Id == "to-expire").Expired);
        Assert.All(channels, c => Assert.Equal(["sync"], c.Notifications.Select(n => n.State)));
    }

    [Fact]
    public async Task WatchRefusesPlainHttpAddressesOffLoopbackDuplicateIdsAndTokensWithoutACalendarScope()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, Ada).AccessToken;
        string noCalendar = sandbox.State.IssueTokens(SandboxProvider.Google, Ada, ["openid", "email"]).AccessToken;

        using HttpResponseMessage plainHttp = await sandbox.SendJsonAsync(HttpMethod.Post, Watch, token, new { id = "c1", type = "web_hook", address = "http://insightgig.example/webhooks/google" });
        using HttpResponseMessage https = await sandbox.SendJsonAsync(HttpMethod.Post, Watch, token, new { id = "c1", type = "web_hook", address = "https://insightgig.example/webhooks/google" });
        using HttpResponseMessage duplicate = await sandbox.SendJsonAsync(HttpMethod.Post, Watch, token, new { id = "c1", type = "web_hook", address = "https://insightgig.example/webhooks/google" });
        using HttpResponseMessage noScope = await sandbox.SendJsonAsync(HttpMethod.Post, Watch, noCalendar, new { id = "c2", type = "web_hook", address = "https://insightgig.example/webhooks/google" });

        Assert.Equal(HttpStatusCode.BadRequest, plainHttp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
    }

    /// <summary>An HTTP endpoint on loopback that records the headers of every POST it receives.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private LoopbackEndpoint? _endpoint;

        public string Address => _endpoint!.Address;

        public ConcurrentBag<IReadOnlyDictionary<string, string>> Requests { get; } = [];

        public static async Task<Receiver> StartAsync()
        {
            var receiver = new Receiver();
            receiver._endpoint = await LoopbackEndpoint.StartAsync("/webhooks/google", http =>
            {
                receiver.Requests.Add(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
                return Task.FromResult(Results.Ok());
            });
            return receiver;
        }

        public ValueTask DisposeAsync() => _endpoint!.DisposeAsync();
    }
}
