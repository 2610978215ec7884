using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.ProviderSandbox.Tests.Infrastructure;

/// <summary>Drives the sandbox's "Sign in with Microsoft" pages as a person would, and calls its token endpoint.</summary>
public static class MicrosoftFlows
{
    public const string ClientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
    public const string ClientSecret = "sandbox-microsoft-secret";
    public const string RedirectUri = "http://127.0.0.1:5055/integrations/microsoft/callback";
    public const string Scopes = "offline_access User.Read Calendars.ReadWrite";
    public const string TokenPath = "microsoft/common/oauth2/v2.0/token";

    public static string AuthorizePath(string challenge, string state = "ms-state", string scope = Scopes, string clientId = ClientId, string redirectUri = RedirectUri, string tenant = "common") =>
        QueryHelpers.AddQueryString($"microsoft/{tenant}/oauth2/v2.0/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["response_mode"] = "query",
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

    /// <summary>Picks (or types) the account, then presses Accept (or Cancel). Returns the redirect's query.</summary>
    public static async Task<Dictionary<string, string>> ConsentAsync(HttpClient client, string email, string challenge, string decision = "allow", string scope = Scopes)
    {
        string chooser = await OAuthFlows.GetPageAsync(client, AuthorizePath(challenge, scope: scope));
        using HttpResponseMessage consent = await HtmlForms.PostAsync(client, HtmlForms.Find(chooser, "/choose", withEmailField: true), ("email", email));
        return await OAuthFlows.DecideAsync(client, consent, decision);
    }

    public static async Task<HttpResponseMessage> TokenAsync(HttpClient client, string clientSecret = ClientSecret, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
        all.Add(KeyValuePair.Create("client_id", ClientId));
        all.Add(KeyValuePair.Create("client_secret", clientSecret));
        using var content = new FormUrlEncodedContent(all);
        return await client.PostAsync(new Uri(TokenPath, UriKind.Relative), content, SandboxHarness.Ct);
    }

    public static Task<HttpResponseMessage> ExchangeCodeAsync(HttpClient client, string code, string verifier) =>
        TokenAsync(client, ClientSecret, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri), ("code_verifier", verifier));

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        TokenAsync(client, ClientSecret, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", Scopes));

    /// <summary>The whole connection: pages, then the code exchange.</summary>
    public static async Task<TokenSet> ConnectAsync(HttpClient client, string email)
    {
        (string verifier, string challenge) = OAuthFlows.NewPkce();
        Dictionary<string, string> redirect = await ConsentAsync(client, email, challenge);
        using HttpResponseMessage response = await ExchangeCodeAsync(client, redirect["code"], verifier);
        return await OAuthFlows.ReadTokensAsync(response);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(SandboxHarness sandbox, HttpMethod method, string path, string token, object? body = null)
    {
        using HttpResponseMessage response = await sandbox.SendJsonAsync(method, path, token, body);
        string text = await response.Content.ReadAsStringAsync(SandboxHarness.Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A Teams meeting as the adapter would create it, with two attendees.</summary>
    public static object TeamsEvent(string transactionId, string subject = "Expert call") => new
    {
        subject,
        body = new { contentType = "html", content = "<p>Agenda</p>" },
        start = new { dateTime = "2026-03-10T15:00:00", timeZone = "Europe/London" },
        end = new { dateTime = "2026-03-10T16:00:00", timeZone = "Europe/London" },
        attendees = new object[]
        {
            new { emailAddress = new { address = "grace.hopper@example.com", name = "Grace Hopper" }, type = "required" },
            new { emailAddress = new { address = "expert@experts.example" }, type = "required" },
        },
        isOnlineMeeting = true,
        onlineMeetingProvider = "teamsForBusiness",
        transactionId,
    };
}
