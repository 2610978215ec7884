using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Linking;

/// <summary>
/// Linking Zoom and Google as a person does it, over real HTTP: the app's Connect button, the sandbox's sign-in and consent
/// pages, the app's callback. What is linked, what is refused (and then stored nowhere), and what the pages show.
/// </summary>
public sealed class AccountLinkingTests(SandboxedWebApp app) : IClassFixture<SandboxedWebApp>, IAsyncLifetime
{
    private const string ClaraPersonalEmail = "clara.personal@gmail.example";

    /// <summary>How the sandbox's tokens begin: Google refresh and access, Zoom access and refresh.</summary>
    private static readonly string[] SandboxTokenPrefixes = ["1//sandbox-", "ya29.sandbox-", "zoom-at.", "zoom-rt."];

    private ProviderSandboxState Sandbox => app.State;

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<HttpClient> SignInAsync(DemoAccount account) => app.Factory.CreateClientForAsync(account);

    private async Task<List<ProviderConnection>> ConnectionsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().ProviderConnections.AsNoTracking().ToListAsync();
    }

    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var (response, document) = await client.GetPageAsync(url);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        }

        return document;
    }

    /// <summary>The callback page's error messages, after checking it is the "not linked" page with <paramref name="status"/>.</summary>
    private static async Task<string> RefusalAsync(HttpResponseMessage callback, HttpStatusCode status, string providerName)
    {
        Assert.Equal(status, callback.StatusCode);
        var document = await callback.ReadDocumentAsync();
        Assert.Equal($"{providerName} was not linked", document.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Any account you had linked before is unchanged.", document.MainText(), StringComparison.Ordinal);
        return document.QuerySelector("[role='alert']")?.TextContent.Trim() ?? string.Empty;
    }

    private static Uri WithQuery(Uri uri, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[name] = value;
        return new Uri(QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query));
    }

    [Fact]
    public async Task Linking_zoom_with_the_same_email_connects_it_and_connected_apps_shows_it()
    {
        using var clara = await SignInAsync(DemoData.Clara);

        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "zoom");
        var callback = await SandboxConsent.ApproveAsync(consent, DemoData.Clara.Email);
        using var linked = await clara.GetAsync(callback, TestContext.Current.CancellationToken);
        var page = await PageAsync(clara, "/Account/ConnectedApps");

        Assert.StartsWith(app.Sandbox.BaseAddress.AbsoluteUri + "zoom/oauth/authorize?", consent.AbsoluteUri, StringComparison.Ordinal);
        var asked = QueryHelpers.ParseQuery(consent.Query);
        Assert.Equal("http://localhost/integrations/zoom/callback", asked["redirect_uri"]);
        Assert.Equal("S256", asked["code_challenge_method"]);
        Assert.Equal(43, asked["state"].ToString().Length);
        Assert.Equal("http://localhost/integrations/zoom/callback", callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal("/Account/ConnectedApps", linked.Headers.Location?.OriginalString);
        Assert.Equal("Connected", page.QuerySelector("#connection-zoom .status")?.TextContent.Trim());
        Assert.Equal(DemoData.Clara.Email, page.QuerySelector("#connection-zoom strong")?.TextContent.Trim());
        Assert.Contains($"Zoom is connected ({DemoData.Clara.Email}).", page.QuerySelector(".alert--ok")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Not connected", page.QuerySelector("#connection-google .status")?.TextContent.Trim());
        var connection = Assert.Single(await ConnectionsAsync());
        Assert.Equal((DemoData.Clara.Id, "zoom", ConnectionStatus.Active), (connection.PersonId, connection.Provider, connection.Status));
        Assert.Equal(Sandbox.GetZoomUsers().Single(u => u.Email == DemoData.Clara.Email).Id, connection.ExternalAccountId);
        Assert.NotNull(connection.ProtectedRefreshToken);
        var grant = Assert.Single(Sandbox.GetGrants(SandboxProvider.Zoom));
        Assert.False(grant.Revoked);
        Assert.Equal(1, Sandbox.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
    }

    [Fact]
    public async Task Connecting_google_calendar_links_the_chosen_account_and_returns_to_the_schedule_dialog()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        var returnUrl = $"/Experts/{DemoData.Hiro.Id}?schedule=zoom";

        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "google", returnUrl);
        var callback = await SandboxConsent.ApproveAsync(consent, DemoData.Clara.Email);
        using var linked = await clara.GetAsync(callback, TestContext.Current.CancellationToken);
        var profile = await PageAsync(clara, returnUrl);

        Assert.Equal(DemoData.Clara.Email, QueryHelpers.ParseQuery(consent.Query)["login_hint"]);
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal(returnUrl, linked.Headers.Location?.OriginalString);
        Assert.Equal("true", profile.QuerySelector("#schedule-dialog")?.GetAttribute("data-open"));
        Assert.Contains("Google Calendar connected", profile.QuerySelector("[data-platform-panel='zoom']")?.TextContent, StringComparison.Ordinal);
        var connection = Assert.Single(await ConnectionsAsync());
        Assert.Equal(("google", ConnectionStatus.Active, DemoData.Clara.Email), (connection.Provider, connection.Status, connection.AccountEmail));
        Assert.Contains("https://www.googleapis.com/auth/calendar.events", connection.Scopes.Split(' '));
    }

    [Fact]
    public async Task A_zoom_account_with_another_email_is_refused_nothing_is_stored_and_the_grant_is_given_back()
    {
        using var clara = await SignInAsync(DemoData.Clara);

        using var callback = await SandboxedWebApp.LinkAsync(clara, "zoom", ClaraPersonalEmail);

        var message = await RefusalAsync(callback, HttpStatusCode.BadRequest, "Zoom");
        Assert.Contains("The email you use to log in to Zoom should be the same as your InsightGig email.", message, StringComparison.Ordinal);
        Assert.Contains(ClaraPersonalEmail, message, StringComparison.Ordinal);
        Assert.Contains(DemoData.Clara.Email, message, StringComparison.Ordinal);
        Assert.Empty(await ConnectionsAsync());
        var grant = Assert.Single(Sandbox.GetGrants(SandboxProvider.Zoom));
        Assert.Equal(ClaraPersonalEmail, grant.Email);
        Assert.True(grant.Revoked, "the refused account's grant is still alive at Zoom");
        var connectedApps = await PageAsync(clara, "/Account/ConnectedApps");
        Assert.Equal("Not connected", connectedApps.QuerySelector("#connection-zoom .status")?.TextContent.Trim());
    }

    [Fact]
    public async Task Declining_consent_links_nothing_and_says_so()
    {
        using var clara = await SignInAsync(DemoData.Clara);

        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "zoom");
        var callback = await SandboxConsent.DeclineAsync(consent, DemoData.Clara.Email);
        using var response = await clara.GetAsync(callback, TestContext.Current.CancellationToken);

        Assert.Equal("access_denied", QueryHelpers.ParseQuery(callback.Query)["error"]);
        var message = await RefusalAsync(response, HttpStatusCode.BadRequest, "Zoom");
        Assert.Equal("You did not allow InsightGig to use your Zoom account, so nothing was linked.", message);
        Assert.Empty(await ConnectionsAsync());
        Assert.Equal(0, Sandbox.TokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
    }

    [Fact]
    public async Task A_callback_with_a_forged_state_links_nothing()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "zoom");
        var callback = await SandboxConsent.ApproveAsync(consent, DemoData.Clara.Email);

        using var forged = await clara.GetAsync(WithQuery(callback, "state", "forged-state-the-app-never-issued"), TestContext.Current.CancellationToken);

        var message = await RefusalAsync(forged, HttpStatusCode.BadRequest, "Zoom");
        Assert.Equal("This sign-in response is not one InsightGig asked for. Please start linking again.", message);
        Assert.Empty(await ConnectionsAsync());
        Assert.Equal(0, Sandbox.TokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
    }

    [Fact]
    public async Task A_replayed_callback_links_nothing_the_second_time()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "zoom");
        var callback = await SandboxConsent.ApproveAsync(consent, DemoData.Clara.Email);

        using var first = await clara.GetAsync(callback, TestContext.Current.CancellationToken);
        var before = Assert.Single(await ConnectionsAsync());
        using var replay = await clara.GetAsync(callback, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var message = await RefusalAsync(replay, HttpStatusCode.BadRequest, "Zoom");
        Assert.Equal("This sign-in response was already used. Please start linking again.", message);
        var after = Assert.Single(await ConnectionsAsync());
        Assert.Equal((before.ProtectedAccessToken, before.Version, ConnectionStatus.Active), (after.ProtectedAccessToken, after.Version, after.Status));
        Assert.Equal(1, Sandbox.TokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
        Assert.Single(Sandbox.GetGrants(SandboxProvider.Zoom));
    }

    [Fact]
    public async Task A_callback_started_by_clara_and_opened_by_carlos_links_nothing()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        using var carlos = await SignInAsync(DemoData.Carlos);
        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "zoom");
        var callback = await SandboxConsent.ApproveAsync(consent, DemoData.Clara.Email);

        using var stolen = await carlos.GetAsync(callback, TestContext.Current.CancellationToken);

        var message = await RefusalAsync(stolen, HttpStatusCode.BadRequest, "Zoom");
        Assert.Equal("This sign-in response does not belong to you. Please start linking again.", message);
        Assert.Empty(await ConnectionsAsync());
        Assert.Equal(0, Sandbox.TokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
    }

    [Fact]
    public async Task A_provider_error_during_the_code_exchange_is_explained_and_the_earlier_connection_is_kept()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        using (var linked = await SandboxedWebApp.LinkAsync(clara, "zoom", DemoData.Clara.Email))
        {
            Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        }

        var before = Assert.Single(await ConnectionsAsync());
        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "zoom");
        var callback = await SandboxConsent.ApproveAsync(consent, DemoData.Clara.Email);
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Zoom, Target = SandboxFaultTarget.Token, Status = 500, FailNext = 5 });

        using var failed = await clara.GetAsync(callback, TestContext.Current.CancellationToken);
        Sandbox.ClearFaults();

        var message = await RefusalAsync(failed, HttpStatusCode.ServiceUnavailable, "Zoom");
        Assert.Equal("Zoom could not complete the sign-in right now (no answer, or an error on its side). Nothing was changed; please try again in a moment.", message);
        Assert.Contains(Sandbox.GetRequestLog(), r => r.Method == "POST" && r.Path.EndsWith("/zoom/oauth/token", StringComparison.Ordinal) && r.Status == 500);
        var after = Assert.Single(await ConnectionsAsync());
        Assert.Equal(
            (before.Status, before.ProtectedAccessToken, before.ProtectedRefreshToken, before.Version),
            (after.Status, after.ProtectedAccessToken, after.ProtectedRefreshToken, after.Version));
        // The kept tokens still work at Zoom.
        var accessToken = Assert.Single(await SandboxTestData.ClearTokensAsync(app.Services), t => t.StartsWith("zoom-at.", StringComparison.Ordinal));
        using var zoomApi = new HttpClient { BaseAddress = app.Sandbox.BaseAddress };
        using var me = new HttpRequestMessage(HttpMethod.Get, "zoom/v2/users/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        using var answer = await zoomApi.SendAsync(me, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = await PageAsync(clara, "/Account/ConnectedApps");
        Assert.Equal("Connected", page.QuerySelector("#connection-zoom .status")?.TextContent.Trim());
    }

    [Fact]
    public async Task Google_without_calendar_access_is_refused_and_the_grant_is_given_back()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        var consent = await SandboxedWebApp.StartLinkUriAsync(clara, "google");
        // The sandbox's consent page has no checkboxes: asking for the identity scopes only is what a person who unticked
        // calendar access on Google's screen ends up granting.
        var withoutCalendar = WithQuery(consent, "scope", "openid email profile");

        var callback = await SandboxConsent.ApproveAsync(withoutCalendar, DemoData.Clara.Email);
        using var response = await clara.GetAsync(callback, TestContext.Current.CancellationToken);

        var message = await RefusalAsync(response, HttpStatusCode.BadRequest, "Google Calendar");
        Assert.Equal(
            "InsightGig needs permission to view and edit your calendar events to send invites. Nothing was linked: connect again and allow calendar access.",
            message);
        Assert.Empty(await ConnectionsAsync());
        var grant = Assert.Single(Sandbox.GetGrants(SandboxProvider.Google));
        Assert.DoesNotContain(grant.Scopes, s => s.Contains("calendar", StringComparison.Ordinal));
        Assert.True(grant.Revoked, "the grant without calendar access is still alive at Google");
    }

    [Fact]
    public async Task Disconnecting_revokes_the_grant_deletes_the_tokens_and_keeps_the_row()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        using (var linked = await SandboxedWebApp.LinkAsync(clara, "zoom", DemoData.Clara.Email))
        {
            Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        }

        var token = await InsightGigWebFactory.GetFormTokenAsync(clara, "/Account/ConnectedApps");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["provider"] = "zoom", ["__RequestVerificationToken"] = token });
        using var disconnected = await clara.PostAsync(new Uri("/Account/ConnectedApps?handler=Disconnect", UriKind.Relative), form, TestContext.Current.CancellationToken);
        var page = await PageAsync(clara, "/Account/ConnectedApps");

        Assert.Equal(HttpStatusCode.Redirect, disconnected.StatusCode);
        Assert.Contains("Disconnected. InsightGig no longer has access to that account.", page.QuerySelector(".alert--ok")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Disconnected", page.QuerySelector("#connection-zoom .status")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("form[action='/integrations/zoom/connect']"));
        var connection = Assert.Single(await ConnectionsAsync());
        Assert.Equal(ConnectionStatus.Disconnected, connection.Status);
        Assert.Null(connection.ProtectedAccessToken);
        Assert.Null(connection.ProtectedRefreshToken);
        Assert.Null(connection.AccessTokenExpiresAtUtc);
        Assert.NotNull(connection.DisconnectedAtUtc);
        Assert.Equal(DemoData.Clara.Email, connection.AccountEmail);
        Assert.True(Assert.Single(Sandbox.GetGrants(SandboxProvider.Zoom)).Revoked, "Zoom still honours the grant after disconnecting");
    }

    [Fact]
    public async Task Linking_only_returns_to_pages_of_insightgig()
    {
        using var clara = await SignInAsync(DemoData.Clara);

        using var response = await SandboxedWebApp.StartLinkAsync(clara, "zoom", "https://evil.example/phish");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("You can only return to a page of InsightGig.", (await response.ReadDocumentAsync()).MainText(), StringComparison.Ordinal);
        Assert.Empty(Sandbox.GetRequestLog());
    }

    [Fact]
    public async Task Tokens_are_encrypted_at_rest_and_never_reach_a_page()
    {
        using var clara = await SignInAsync(DemoData.Clara);
        foreach (var provider in new[] { "zoom", "google" })
        {
            using var linked = await SandboxedWebApp.LinkAsync(clara, provider, DemoData.Clara.Email);
            Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        }

        var tokens = await SandboxTestData.ClearTokensAsync(app.Services);
        var rows = await SandboxTestData.RawRowsAsync(app.Services, "ProviderConnections");
        var attempts = await SandboxTestData.RawRowsAsync(app.Services, "AccountLinkAttempts");
        var pages = new List<string>();
        foreach (var url in new[] { "/Account/ConnectedApps", $"/Experts/{DemoData.Hiro.Id}?schedule=zoom", $"/Projects/{DemoData.NorthwindProjectId}", $"/Briefs/{DemoData.NorthwindBriefId}" })
        {
            pages.Add((await PageAsync(clara, url)).DocumentElement.OuterHtml);
        }

        // Two access and two refresh tokens, exactly the ones the sandbox issued (its formats).
        Assert.Equal(4, tokens.Count);
        Assert.Equal(SandboxTokenPrefixes, tokens.Select(Prefix).Order(StringComparer.Ordinal));
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, attempts.Count);
        foreach (var token in tokens)
        {
            Assert.All(rows.Concat(attempts).SelectMany(r => r.Values).OfType<string>(), value => Assert.DoesNotContain(token, value, StringComparison.Ordinal));
            Assert.All(pages, html => Assert.DoesNotContain(token, html, StringComparison.Ordinal));
        }

        foreach (var stored in rows.SelectMany(r => new[] { r["ProtectedAccessToken"], r["ProtectedRefreshToken"] }).OfType<string>())
        {
            Assert.All(pages, html => Assert.DoesNotContain(stored, html, StringComparison.Ordinal));
        }

        static string Prefix(string token) => SandboxTokenPrefixes.FirstOrDefault(p => token.StartsWith(p, StringComparison.Ordinal)) ?? token;
    }
}
