using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary>The identity platform v2.0 endpoints: sign-in pages, PKCE, rotation without revocation, idle expiry, revoked grants.</summary>
public sealed class MicrosoftIdentityTests
{
    private static readonly string Ada = SandboxHarness.Ada.Email;

    [Fact]
    public async Task SignInPagesOfferKnownAccountsThenAskForThePermissionsInWords()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string chooser = await OAuthFlows.GetPageAsync(sandbox.Client, AuthorizePath(OAuthFlows.NewPkce().Challenge));
        Assert.Contains("<h1>Sign in with Microsoft</h1>", chooser, StringComparison.Ordinal);
        Assert.Contains("Pick an account", chooser, StringComparison.Ordinal);
        Assert.Contains(SandboxHarness.Grace.DisplayName, chooser, StringComparison.Ordinal);
        Assert.Contains("Use another account", chooser, StringComparison.Ordinal);

        using HttpResponseMessage consent = await HtmlForms.PostAsync(sandbox.Client, HtmlForms.Parse(chooser).First(f => f.Buttons.Count > 0), ("email", SandboxHarness.Grace.Email));
        string html = await consent.Content.ReadAsStringAsync(SandboxHarness.Ct);
        Assert.Contains("Permissions requested", html, StringComparison.Ordinal);
        Assert.Contains("Have full access to your calendars", html, StringComparison.Ordinal);
        Assert.Contains(">Accept</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeExchangeChecksThePkceVerifierAndRoundTripsState()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = OAuthFlows.NewPkce();
        Dictionary<string, string> redirect = await ConsentAsync(sandbox.Client, Ada, challenge);
        Assert.Equal("ms-state", redirect["state"]);

        using HttpResponseMessage wrong = await ExchangeCodeAsync(sandbox.Client, redirect["code"], OAuthFlows.NewPkce().Verifier);
        JsonElement error = await SandboxHarness.ReadJsonAsync(wrong);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS501481:", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(501481, error.GetProperty("error_codes")[0].GetInt32());

        // The code was spent by the failed attempt: a second try with the right verifier fails too.
        using HttpResponseMessage again = await ExchangeCodeAsync(sandbox.Client, redirect["code"], verifier);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        Dictionary<string, string> second = await ConsentAsync(sandbox.Client, Ada, challenge);
        using HttpResponseMessage right = await ExchangeCodeAsync(sandbox.Client, second["code"], verifier);
        JsonElement token = await SandboxHarness.ReadJsonAsync(right);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("User.Read Calendars.ReadWrite", token.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));
    }

    [Fact]
    public async Task DecliningRedirectsWithAccessDeniedAndTheState()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        Dictionary<string, string> redirect = await ConsentAsync(sandbox.Client, Ada, OAuthFlows.NewPkce().Challenge, decision: "cancel");
        Assert.Equal("access_denied", redirect["error"]);
        Assert.StartsWith("AADSTS65004", redirect["error_description"], StringComparison.Ordinal);
        Assert.Equal("ms-state", redirect["state"]);
        Assert.False(redirect.ContainsKey("code"));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", RedirectUri)]
    [InlineData(ClientId, "https://attacker.example/integrations/microsoft/callback")]
    public async Task BadClientOrRedirectUriGetsAnErrorPageNotARedirect(string clientId, string redirectUri)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        using HttpResponseMessage response = await sandbox.Client.GetAsync(
            new Uri(AuthorizePath(OAuthFlows.NewPkce().Challenge, clientId: clientId, redirectUri: redirectUri), UriKind.Relative), SandboxHarness.Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task UnknownScopeRedirectsWithInvalidScope()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        using HttpResponseMessage response = await sandbox.Client.GetAsync(
            new Uri(AuthorizePath(OAuthFlows.NewPkce().Challenge, scope: "offline_access Mail.Sends.Everything"), UriKind.Relative), SandboxHarness.Ct);
        Dictionary<string, string> redirect = OAuthFlows.ParseRedirect(response.Headers.Location!);
        Assert.Equal("invalid_scope", redirect["error"]);
        Assert.Equal("ms-state", redirect["state"]);
    }

    [Fact]
    public async Task EveryRefreshRotatesTheRefreshTokenAndTheOldOneKeepsWorking()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet first = await ConnectAsync(sandbox.Client, Ada);

        TokenSet second = await OAuthFlows.ReadTokensAsync(await RefreshAsync(sandbox.Client, first.RefreshToken));
        TokenSet third = await OAuthFlows.ReadTokensAsync(await RefreshAsync(sandbox.Client, first.RefreshToken));

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        using HttpResponseMessage withSecond = await RefreshAsync(sandbox.Client, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, withSecond.StatusCode);
        Assert.Equal(3, sandbox.State.SuccessfulTokenExchangeCount(SandboxProvider.Microsoft, "refresh_token"));
    }

    [Fact]
    public async Task ARefreshTokenUnusedFor90DaysIsRefusedWithAadsts70008()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectAsync(sandbox.Client, Ada);
        sandbox.Time.Advance(TimeSpan.FromDays(89));
        TokenSet fresh = await OAuthFlows.ReadTokensAsync(await RefreshAsync(sandbox.Client, tokens.RefreshToken));
        sandbox.Time.Advance(TimeSpan.FromDays(91));

        using HttpResponseMessage expired = await RefreshAsync(sandbox.Client, fresh.RefreshToken);
        JsonElement error = await SandboxHarness.ReadJsonAsync(expired);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS70008:", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedGrantAnswersInvalidGrantAadsts50173AndGraphRefusesItsTokens()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectAsync(sandbox.Client, Ada);

        using HttpResponseMessage revoke = await sandbox.SendJsonAsync(HttpMethod.Post, "_sandbox/microsoft/grants/revoke", null, new { email = Ada });
        Assert.Equal(1, (await SandboxHarness.ReadJsonAsync(revoke)).GetProperty("count").GetInt32());
        using HttpResponseMessage refresh = await RefreshAsync(sandbox.Client, tokens.RefreshToken);
        JsonElement error = await SandboxHarness.ReadJsonAsync(refresh);
        (HttpStatusCode meStatus, JsonElement me) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS50173:", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, meStatus);
        Assert.Equal("InvalidAuthenticationToken", me.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheClientSecretIsCheckedAndAccessTokensExpire()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectAsync(sandbox.Client, Ada);

        using HttpResponseMessage badSecret = await TokenAsync(sandbox.Client, "not-the-secret", ("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken));
        JsonElement error = await SandboxHarness.ReadJsonAsync(badSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, badSecret.StatusCode);
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS7000215:", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me", tokens.AccessToken)).Status);
        sandbox.Time.Advance(TimeSpan.FromSeconds(3600));
        (HttpStatusCode status, JsonElement body) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAuthenticationToken", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task InvalidGrantFaultFailsTheNextRefreshAndRevokesTheGrant()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        TokenSet tokens = await ConnectAsync(sandbox.Client, Ada);
        sandbox.State.InjectFault(new SandboxFault { Provider = SandboxProvider.Microsoft, InvalidGrant = true });

        using HttpResponseMessage first = await RefreshAsync(sandbox.Client, tokens.RefreshToken);
        using HttpResponseMessage second = await RefreshAsync(sandbox.Client, tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode); // the grant is gone, not just one answer
        Assert.True(Assert.Single(sandbox.State.GetGrants(SandboxProvider.Microsoft)).Revoked);
    }
}
