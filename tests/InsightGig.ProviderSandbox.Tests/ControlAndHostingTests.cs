using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.OAuthFlows;

namespace InsightGig.ProviderSandbox.Tests;

public sealed class ControlAndHostingTests
{
    [Fact]
    public async Task StateJsonShowsUsersGrantsMeetingsEventsCountersAndRequests()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet zoom = await ConnectZoomAsync(sandbox.Client, SandboxHarness.Ada.Email);
        await ZoomApiTests.CreateMeetingAsync(sandbox, zoom.AccessToken);
        TokenSet google = await ConnectGoogleAsync(sandbox.Client, SandboxHarness.Ada.Email);
        await GoogleCalendarTests.InsertAsync(sandbox, google.AccessToken, GoogleCalendarTests.NewEvent());

        using HttpResponseMessage response = await sandbox.Client.GetAsync(new Uri("_sandbox/state", UriKind.Relative), SandboxHarness.Ct);
        JsonElement state = await SandboxHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(state.GetProperty("zoom").GetProperty("users").EnumerateArray(), u => u.GetProperty("email").GetString() == SandboxHarness.Ada.Email);
        JsonElement grant = state.GetProperty("zoom").GetProperty("grants")[0];
        Assert.Equal(1, grant.GetProperty("liveAccessTokens").GetInt32());
        Assert.False(grant.TryGetProperty("accessToken", out _));
        Assert.Equal(1, state.GetProperty("zoom").GetProperty("meetings").GetArrayLength());
        JsonElement calendar = state.GetProperty("google").GetProperty("calendars").EnumerateArray().Single(c => c.GetProperty("id").GetString() == SandboxHarness.Ada.Email);
        Assert.Equal("Expert call", calendar.GetProperty("events")[0].GetProperty("resource").GetProperty("summary").GetString());
        Assert.Contains(state.GetProperty("tokenExchanges").EnumerateArray(), c =>
            c.GetProperty("provider").GetString() == "google" && c.GetProperty("grantType").GetString() == "authorization_code" && c.GetProperty("succeeded").GetInt32() == 1);
        Assert.Contains(state.GetProperty("requests").EnumerateArray(), r =>
            r.GetProperty("method").GetString() == "POST" && r.GetProperty("path").GetString() == "/zoom/v2/users/me/meetings" && r.GetProperty("status").GetInt32() == 201);

        // The C# snapshot has each provider's typed part (added by its folder) over the same data.
        ProviderSandboxSnapshot snapshot = sandbox.State.GetSnapshot();
        Assert.Single(snapshot.Zoom.Meetings);
        Assert.Equal(["google", "microsoft", "zoom"], snapshot.Providers.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(snapshot.Google.Calendars, c => c.Id == SandboxHarness.Ada.Email && c.Events.Count == 1);
    }

    [Fact]
    public async Task ResetForgetsEverythingButKnownAccounts()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Zoom, "someone@example.com").AccessToken;
        await ZoomApiTests.CreateMeetingAsync(sandbox, token);

        using HttpResponseMessage reset = await sandbox.Client.PostAsync(new Uri("_sandbox/reset", UriKind.Relative), null, SandboxHarness.Ct);
        using HttpResponseMessage after = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", token);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(sandbox.State.GetZoomMeetings(includeDeleted: true));
        Assert.Equal([SandboxHarness.Ada.Email, SandboxHarness.Grace.Email], sandbox.State.GetZoomUsers().Select(u => u.Email).Order());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Single(sandbox.State.GetRequestLog());
    }

    [Fact]
    public async Task IndexPageSaysWhatTheSandboxIs()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();

        string html = await GetPageAsync(sandbox.Client, "/");

        Assert.Contains("InsightGig provider sandbox", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{sandbox.Server.BaseAddress}_sandbox/state\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MountsUnderAPrefixInAnotherApp()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProviderSandbox(o => o.KnownAccounts.Add(SandboxHarness.Ada));
        await using WebApplication app = builder.Build();
        app.MapGet("/", () => "host app");
        app.MapProviderSandbox("/sandbox");
        await app.StartAsync(SandboxHarness.Ct);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.Single() + "/sandbox/") };

        string index = await GetPageAsync(client, string.Empty);
        string signIn = await GetPageAsync(client, ZoomAuthorizePath(NewPkce().Challenge));
        TokenSet tokens = await ConnectZoomAsync(client, SandboxHarness.Ada.Email);
        using var request = new HttpRequestMessage(HttpMethod.Post, "zoom/v2/users/me/meetings") { Content = JsonContent.Create(new { topic = "Mounted" }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using HttpResponseMessage created = await client.SendAsync(request, SandboxHarness.Ct);

        Assert.Contains("InsightGig provider sandbox", index, StringComparison.Ordinal);
        Assert.All(HtmlForms.Parse(signIn), form => Assert.StartsWith("/sandbox/zoom/oauth/authorize/", form.Action, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("/sandbox/zoom/j/", (await SandboxHarness.ReadJsonAsync(created)).GetProperty("join_url").GetString(), StringComparison.Ordinal);
        await app.StopAsync(SandboxHarness.Ct);
    }

    [Fact]
    public async Task EveryProviderHasOneDiscoveredPartWhoseAdapterUrlsAreItsMappedEndpoints()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string root = sandbox.Server.BaseAddress.AbsoluteUri.TrimEnd('/');

        IReadOnlyList<SandboxAdapterSettings> adapters = SandboxAdapterSettings.For(root + "/");

        Assert.Equal(SandboxParts.All.Count, SandboxParts.All.Select(part => part.Provider).Distinct().Count());
        Assert.All(SandboxParts.All, part => Assert.Equal(part.Provider.Path, part.Path));
        Assert.Contains(SandboxProvider.Zoom, SandboxParts.All.Select(part => part.Provider));
        Assert.Contains(SandboxProvider.Google, SandboxParts.All.Select(part => part.Provider));
        Assert.Equal(SandboxParts.All.Count, adapters.Select(adapter => adapter.Section).Distinct(StringComparer.Ordinal).Count());
        foreach ((ISandboxProvider part, SandboxAdapterSettings adapter) in SandboxParts.All.Zip(adapters))
        {
            Assert.Equal(part.ConfigurationSection, adapter.Section);
            Assert.All(adapter.Settings.Keys, key => Assert.StartsWith(adapter.Section + ":", key, StringComparison.Ordinal));
            Assert.False(string.IsNullOrEmpty(adapter.Settings[adapter.Section + ":ClientId"]));
            string tokenUrl = adapter.Settings[adapter.Section + ":TokenUrl"];
            Assert.StartsWith($"{root}/{part.Path}/", tokenUrl, StringComparison.Ordinal);

            // The token endpoint the adapter is pointed at is mapped: a request without credentials gets an OAuth error, not a 404.
            using HttpResponseMessage token = await sandbox.Client.PostAsync(new Uri(tokenUrl), new FormUrlEncodedContent([]), SandboxHarness.Ct);
            Assert.Contains(token.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
            Assert.False(string.IsNullOrEmpty((await SandboxHarness.ReadJsonAsync(token)).GetProperty("error").GetString()));
        }
    }

    [Fact]
    public async Task ExpiringTokensOfAnUnknownProviderNamesTheProvidersThereAre()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();

        using HttpResponseMessage response = await sandbox.Client.PostAsync("_sandbox/tokens/expire?provider=teams", content: null, SandboxHarness.Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("provider must be google or microsoft or zoom.", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public void MappingWithoutRegistrationFailsClearly()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        using WebApplication app = builder.Build();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => app.MapProviderSandbox());
        Assert.Contains("AddProviderSandbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandaloneServerListensOnLoopbackOnly()
    {
        await using ProviderSandboxServer server = await ProviderSandboxServer.StartAsync(ct: SandboxHarness.Ct);

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.Equal("/", server.BaseAddress.AbsolutePath);
        Assert.NotNull(server.State);
    }
}
