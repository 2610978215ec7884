using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.OAuthFlows;

namespace InsightGig.ProviderSandbox.Tests;

public sealed class GoogleOAuthTests
{
    [Fact]
    public async Task ChooserAndConsentPagesShowAccountsAndScopesInWords()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string chooser = await GetPageAsync(sandbox.Client, GoogleAuthorizePath(NewPkce().Challenge, scope: "openid email https://www.googleapis.com/auth/calendar https://www.googleapis.com/auth/calendar.events"));
        Assert.Contains("Choose an account", chooser, StringComparison.Ordinal);
        Assert.Contains("Use another account", chooser, StringComparison.Ordinal);
        Assert.Contains(SandboxHarness.Grace.DisplayName, chooser, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", chooser, StringComparison.OrdinalIgnoreCase);

        using HttpResponseMessage consent = await HtmlForms.PostAsync(
            sandbox.Client, HtmlForms.Parse(chooser).First(f => f.Buttons.Count > 0), ("email", SandboxHarness.Grace.Email));
        string html = await consent.Content.ReadAsStringAsync(SandboxHarness.Ct);

        Assert.Contains("InsightGig wants access to your Google Account", html, StringComparison.Ordinal);
        Assert.Contains("See, edit, share, and permanently delete all the calendars you can access using Google Calendar", html, StringComparison.Ordinal);
        Assert.Contains("View and edit events on all your calendars", html, StringComparison.Ordinal);
        Assert.Contains(">Continue</button>", html, StringComparison.Ordinal);
        Assert.Contains(">Cancel</button>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("someone-else.apps.googleusercontent.com", GoogleRedirectUri, GoogleScopes)]
    [InlineData(GoogleClientId, "https://attacker.example/integrations/google/callback", GoogleScopes)]
    [InlineData(GoogleClientId, GoogleRedirectUri, "https://www.googleapis.com/auth/not-a-scope")]
    public async Task InvalidRequestsGetAnErrorPageNotARedirect(string clientId, string redirectUri, string scope)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        using HttpResponseMessage response = await sandbox.Client.GetAsync(
            new Uri(GoogleAuthorizePath(NewPkce().Challenge, scope: scope, clientId: clientId, redirectUri: redirectUri), UriKind.Relative), SandboxHarness.Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task FullDanceReturnsRefreshTokenIdTokenAndUserInfo()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = NewPkce();
        Dictionary<string, string> redirect = await GoogleConsentAsync(sandbox.Client, "new.person@example.com", challenge);
        Assert.Equal("google-state", redirect["state"]);
        Assert.Equal(GoogleScopes, redirect["scope"]);

        using HttpResponseMessage response = await GoogleTokenAsync(
            sandbox.Client, "sandbox-google-secret", ("grant_type", "authorization_code"), ("code", redirect["code"]), ("redirect_uri", GoogleRedirectUri), ("code_verifier", verifier));
        JsonElement token = await SandboxHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(GoogleScopes, token.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));
        JsonElement claims = ReadJwtPayload(token.GetProperty("id_token").GetString()!);
        Assert.Equal("new.person@example.com", claims.GetProperty("email").GetString());
        Assert.Equal(GoogleClientId, claims.GetProperty("aud").GetString());
        Assert.Equal("https://accounts.google.com", claims.GetProperty("iss").GetString());

        using HttpResponseMessage userInfo = await sandbox.SendJsonAsync(HttpMethod.Get, "google/oauth2/v3/userinfo", token.GetProperty("access_token").GetString());
        JsonElement user = await SandboxHarness.ReadJsonAsync(userInfo);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        Assert.Equal(claims.GetProperty("sub").GetString(), user.GetProperty("sub").GetString());
        Assert.Equal("new.person@example.com", user.GetProperty("email").GetString());
        Assert.True(user.GetProperty("email_verified").GetBoolean());
    }

    [Fact]
    public async Task OnlineAccessGetsNoRefreshToken()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = NewPkce();
        Dictionary<string, string> redirect = await GoogleConsentAsync(sandbox.Client, SandboxHarness.Ada.Email, challenge, accessType: "online");

        using HttpResponseMessage response = await GoogleTokenAsync(
            sandbox.Client, "sandbox-google-secret", ("grant_type", "authorization_code"), ("code", redirect["code"]), ("redirect_uri", GoogleRedirectUri), ("code_verifier", verifier));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await SandboxHarness.ReadJsonAsync(response)).TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task CancelRedirectsWithAccessDenied()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        Dictionary<string, string> redirect = await GoogleConsentAsync(sandbox.Client, SandboxHarness.Ada.Email, NewPkce().Challenge, decision: "cancel");

        Assert.Equal("access_denied", redirect["error"]);
        Assert.Equal("google-state", redirect["state"]);
        Assert.False(redirect.ContainsKey("code"));
    }

    [Fact]
    public async Task PkceMismatchAndCodeReuseAreInvalidGrant()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = NewPkce();
        Dictionary<string, string> redirect = await GoogleConsentAsync(sandbox.Client, SandboxHarness.Ada.Email, challenge);
        Dictionary<string, string> second = await GoogleConsentAsync(sandbox.Client, SandboxHarness.Ada.Email, challenge);

        using HttpResponseMessage mismatch = await GoogleTokenAsync(
            sandbox.Client, "sandbox-google-secret", ("grant_type", "authorization_code"), ("code", redirect["code"]), ("redirect_uri", GoogleRedirectUri), ("code_verifier", NewPkce().Verifier));
        using HttpResponseMessage ok = await GoogleTokenAsync(
            sandbox.Client, "sandbox-google-secret", ("grant_type", "authorization_code"), ("code", second["code"]), ("redirect_uri", GoogleRedirectUri), ("code_verifier", verifier));
        using HttpResponseMessage reuse = await GoogleTokenAsync(
            sandbox.Client, "sandbox-google-secret", ("grant_type", "authorization_code"), ("code", second["code"]), ("redirect_uri", GoogleRedirectUri), ("code_verifier", verifier));

        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal("invalid_grant", (await SandboxHarness.ReadJsonAsync(mismatch)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("invalid_grant", (await SandboxHarness.ReadJsonAsync(reuse)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RefreshDoesNotRotate()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectGoogleAsync(sandbox.Client, SandboxHarness.Ada.Email);

        using HttpResponseMessage first = await GoogleRefreshAsync(sandbox.Client, tokens.RefreshToken);
        using HttpResponseMessage second = await GoogleRefreshAsync(sandbox.Client, tokens.RefreshToken);
        JsonElement body = await SandboxHarness.ReadJsonAsync(second);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(body.TryGetProperty("refresh_token", out _));
        Assert.NotEqual(tokens.AccessToken, body.GetProperty("access_token").GetString());
        Assert.Equal(2, sandbox.State.SuccessfulTokenExchangeCount(SandboxProvider.Google, "refresh_token"));
    }

    [Fact]
    public async Task BadClientSecretIsInvalidClient()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        using HttpResponseMessage response = await GoogleTokenAsync(sandbox.Client, "wrong", ("grant_type", "refresh_token"), ("refresh_token", "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RevokeEndsTheWholeGrant()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectGoogleAsync(sandbox.Client, SandboxHarness.Ada.Email);

        using HttpResponseMessage revoke = await PostFormAsync(sandbox, "google/revoke", ("token", tokens.RefreshToken));
        using HttpResponseMessage events = await sandbox.SendJsonAsync(HttpMethod.Get, "google/calendar/v3/calendars/primary/events", tokens.AccessToken);
        using HttpResponseMessage refresh = await GoogleRefreshAsync(sandbox.Client, tokens.RefreshToken);
        using HttpResponseMessage again = await PostFormAsync(sandbox, "google/revoke", ("token", tokens.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (await SandboxHarness.ReadJsonAsync(events)).GetProperty("error").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        JsonElement refreshError = await SandboxHarness.ReadJsonAsync(refresh);
        Assert.Equal("invalid_grant", refreshError.GetProperty("error").GetString());
        Assert.Equal("Token has been expired or revoked.", refreshError.GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_token", (await SandboxHarness.ReadJsonAsync(again)).GetProperty("error").GetString());
    }

    internal static async Task<HttpResponseMessage> PostFormAsync(SandboxHarness sandbox, string path, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return await sandbox.Client.PostAsync(new Uri(path, UriKind.Relative), content, SandboxHarness.Ct);
    }

    private static JsonElement ReadJwtPayload(string jwt)
    {
        string[] parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
        return document.RootElement.Clone();
    }
}
