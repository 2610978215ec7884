using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.OAuthFlows;

namespace InsightGig.ProviderSandbox.Tests;

public sealed class ZoomOAuthTests
{
    [Fact]
    public async Task SignInPageIsAccessibleHtmlWithAccountsGoogleAndEmailField()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string html = await GetPageAsync(sandbox.Client, ZoomAuthorizePath(NewPkce().Challenge));

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>Sign in to Zoom</title>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"email\">", html, StringComparison.Ordinal);
        Assert.Contains("<input id=\"email\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Sign in with Google", html, StringComparison.Ordinal);
        HtmlForms.Form accounts = HtmlForms.Parse(html).First(form => form.Buttons.Count > 0);
        Assert.Contains(accounts.Buttons, button => button.Value == SandboxHarness.Ada.Email);
    }

    [Theory]
    [InlineData("unknown-client", ZoomRedirectUri)]
    [InlineData(ZoomClientId, "https://evil.example.com/integrations/zoom/callback")]
    [InlineData(ZoomClientId, "http://127.0.0.1:5055/other/callback")]
    public async Task BadClientOrRedirectUriGetsAnErrorPageNotARedirect(string clientId, string redirectUri)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        using HttpResponseMessage response = await sandbox.Client.GetAsync(
            new Uri(ZoomAuthorizePath(NewPkce().Challenge, clientId: clientId, redirectUri: redirectUri), UriKind.Relative), SandboxHarness.Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task FullDanceIssuesTokensAndUsersMeReturnsTheSignedInUser()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = NewPkce();

        Dictionary<string, string> redirect = await ZoomConsentAsync(sandbox.Client, "new.person@example.com", challenge);
        Assert.Equal("zoom-state", redirect["state"]);
        using HttpResponseMessage tokenResponse = await ZoomExchangeCodeAsync(sandbox.Client, redirect["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        JsonElement token = await SandboxHarness.ReadJsonAsync(tokenResponse);
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        Assert.Contains("meeting:write", token.GetProperty("scope").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));

        using HttpResponseMessage me = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", token.GetProperty("access_token").GetString());
        JsonElement user = await SandboxHarness.ReadJsonAsync(me);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("new.person@example.com", user.GetProperty("email").GetString());
        Assert.Equal("New", user.GetProperty("first_name").GetString());
        Assert.Equal("Person", user.GetProperty("last_name").GetString());
        Assert.False(string.IsNullOrEmpty(user.GetProperty("account_id").GetString()));

        // The user id is stable per email: a second connection (after a reset, even) gets the same id.
        string id = user.GetProperty("id").GetString()!;
        sandbox.State.Reset();
        TokenSet again = await ConnectZoomAsync(sandbox.Client, "new.person@example.com");
        using HttpResponseMessage meAgain = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", again.AccessToken);
        Assert.Equal(id, (await SandboxHarness.ReadJsonAsync(meAgain)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task SignInWithGoogleShowsAGoogleAccountChooserThenZoomConsent()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = NewPkce();
        string signIn = await GetPageAsync(sandbox.Client, ZoomAuthorizePath(challenge));

        using HttpResponseMessage chooser = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(signIn, "/google"));
        string chooserHtml = await chooser.Content.ReadAsStringAsync(SandboxHarness.Ct);
        Assert.Contains("Choose an account", chooserHtml, StringComparison.Ordinal);
        Assert.Contains("to continue to Zoom", chooserHtml, StringComparison.Ordinal);

        using HttpResponseMessage consent = await HtmlForms.PostAsync(
            sandbox.Client, HtmlForms.Parse(chooserHtml).First(form => form.Buttons.Count > 0), ("email", SandboxHarness.Grace.Email));
        Dictionary<string, string> redirect = await DecideAsync(sandbox.Client, consent, "allow");
        using HttpResponseMessage tokens = await ZoomExchangeCodeAsync(sandbox.Client, redirect["code"], verifier);
        TokenSet set = await ReadTokensAsync(tokens);

        using HttpResponseMessage me = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", set.AccessToken);
        JsonElement user = await SandboxHarness.ReadJsonAsync(me);
        Assert.Equal(SandboxHarness.Grace.Email, user.GetProperty("email").GetString());
        Assert.Equal("Grace", user.GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task ConsentPageOffersAllowAndDeclineAndDeclineRedirectsWithAccessDenied()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string signIn = await GetPageAsync(sandbox.Client, ZoomAuthorizePath(NewPkce().Challenge));
        using HttpResponseMessage consent = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(signIn, "/sign-in", withEmailField: true), ("email", "x.y@example.com"));
        string html = await consent.Content.ReadAsStringAsync(SandboxHarness.Ct);
        Assert.Contains("InsightGig would like to access your Zoom account", html, StringComparison.Ordinal);
        Assert.Contains(">Allow</button>", html, StringComparison.Ordinal);
        Assert.Contains(">Decline</button>", html, StringComparison.Ordinal);
        Assert.Contains("View and manage your meetings", html, StringComparison.Ordinal);

        using HttpResponseMessage redirect = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Find(html, "/decision"), ("decision", "decline"));
        Dictionary<string, string> query = ParseRedirect(redirect.Headers.Location!);
        Assert.StartsWith(ZoomRedirectUri, redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("zoom-state", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task PendingAuthorizationIdWorksOnlyOnce()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string signIn = await GetPageAsync(sandbox.Client, ZoomAuthorizePath(NewPkce().Challenge));
        HtmlForms.Form form = HtmlForms.Find(signIn, "/sign-in", withEmailField: true);
        Assert.True(form.Hidden["pending"].Length >= 40);

        using HttpResponseMessage first = await HtmlForms.PostAsync(sandbox.Client, form, ("email", "a.b@example.com"));
        using HttpResponseMessage replay = await HtmlForms.PostAsync(sandbox.Client, form, ("email", "a.b@example.com"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task PkceMismatchIsRejected()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        Dictionary<string, string> redirect = await ZoomConsentAsync(sandbox.Client, "a.b@example.com", NewPkce().Challenge);

        using HttpResponseMessage response = await ZoomExchangeCodeAsync(sandbox.Client, redirect["code"], NewPkce().Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task CodeIsSingleUseAndExpires()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = NewPkce();
        Dictionary<string, string> redirect = await ZoomConsentAsync(sandbox.Client, "a.b@example.com", challenge);
        using HttpResponseMessage first = await ZoomExchangeCodeAsync(sandbox.Client, redirect["code"], verifier);
        using HttpResponseMessage reused = await ZoomExchangeCodeAsync(sandbox.Client, redirect["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", (await SandboxHarness.ReadJsonAsync(reused)).GetProperty("error").GetString());

        Dictionary<string, string> late = await ZoomConsentAsync(sandbox.Client, "a.b@example.com", challenge);
        sandbox.Time.Advance(TimeSpan.FromMinutes(11));
        using HttpResponseMessage expired = await ZoomExchangeCodeAsync(sandbox.Client, late["code"], verifier);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
    }

    [Fact]
    public async Task RedirectUriMustMatchTheOneUsedToAuthorize()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = NewPkce();
        Dictionary<string, string> redirect = await ZoomConsentAsync(sandbox.Client, "a.b@example.com", challenge);

        using HttpResponseMessage response = await ZoomExchangeCodeAsync(sandbox.Client, redirect["code"], verifier, "http://127.0.0.1:9999/integrations/zoom/callback");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task BadClientSecretIsInvalidClient()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        using HttpResponseMessage response = await ZoomTokenAsync(sandbox.Client, "wrong", ("grant_type", "refresh_token"), ("refresh_token", "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonElement body = await SandboxHarness.ReadJsonAsync(response);
        Assert.Equal("Invalid client_id or client_secret", body.GetProperty("reason").GetString());
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task RefreshRotatesTheRefreshTokenAndTheOldOneFails()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet first = await ConnectZoomAsync(sandbox.Client, SandboxHarness.Ada.Email);

        using HttpResponseMessage refreshed = await ZoomRefreshAsync(sandbox.Client, first.RefreshToken);
        TokenSet second = await ReadTokensAsync(refreshed);
        using HttpResponseMessage stale = await ZoomRefreshAsync(sandbox.Client, first.RefreshToken);
        using HttpResponseMessage next = await ZoomRefreshAsync(sandbox.Client, second.RefreshToken);

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        JsonElement error = await SandboxHarness.ReadJsonAsync(stale);
        Assert.Equal("Invalid Token!", error.GetProperty("reason").GetString());
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task ConcurrentRefreshesWithOneTokenGetExactlyOneSuccessAndAreCounted()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectZoomAsync(sandbox.Client, SandboxHarness.Ada.Email);

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ZoomRefreshAsync(sandbox.Client, tokens.RefreshToken)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, sandbox.State.TokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(1, sandbox.State.SuccessfulTokenExchangeCount(SandboxProvider.Zoom, "refresh_token"));
        Assert.Equal(1, sandbox.State.TokenExchangeCount(SandboxProvider.Zoom, "authorization_code"));
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task RevokeEndsTheGrant()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectZoomAsync(sandbox.Client, SandboxHarness.Ada.Email);

        using HttpResponseMessage revoke = await RevokeAsync(sandbox, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("success", (await SandboxHarness.ReadJsonAsync(revoke)).GetProperty("status").GetString());

        using HttpResponseMessage me = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(124, (await SandboxHarness.ReadJsonAsync(me)).GetProperty("code").GetInt32());
        using HttpResponseMessage refresh = await ZoomRefreshAsync(sandbox.Client, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.True(Assert.Single(sandbox.State.GetGrants(SandboxProvider.Zoom)).Revoked);
    }

    [Fact]
    public async Task AccessTokensExpireWithTheClockAndOnDemand()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectZoomAsync(sandbox.Client, SandboxHarness.Ada.Email);

        sandbox.Time.Advance(TimeSpan.FromSeconds(3601));
        using HttpResponseMessage expired = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(124, (await SandboxHarness.ReadJsonAsync(expired)).GetProperty("code").GetInt32());

        using HttpResponseMessage refresh = await ZoomRefreshAsync(sandbox.Client, tokens.RefreshToken);
        TokenSet refreshed = await ReadTokensAsync(refresh);
        using HttpResponseMessage control = await sandbox.Client.PostAsync(new Uri("_sandbox/tokens/expire?provider=zoom", UriKind.Relative), null, SandboxHarness.Ct);
        Assert.Equal(1, (await SandboxHarness.ReadJsonAsync(control)).GetProperty("expired").GetInt32());
        using HttpResponseMessage afterExpire = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", refreshed.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterExpire.StatusCode);
    }

    private static async Task<HttpResponseMessage> RevokeAsync(SandboxHarness sandbox, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"zoom/oauth/revoke?token={Uri.EscapeDataString(token)}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("sandbox-zoom-client:sandbox-zoom-secret")));
        return await sandbox.Client.SendAsync(request, SandboxHarness.Ct);
    }
}
