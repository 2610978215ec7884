using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.ProviderSandbox.Tests.Infrastructure;

public sealed record TokenSet(string AccessToken, string RefreshToken);

/// <summary>Drives the sandbox's sign-in and consent pages the way a person would, and exchanges codes.</summary>
public static class OAuthFlows
{
    public const string ZoomRedirectUri = "http://127.0.0.1:5055/integrations/zoom/callback";
    public const string GoogleRedirectUri = "http://localhost:5055/integrations/google/callback";
    public const string GoogleScopes = "openid email https://www.googleapis.com/auth/calendar.events";
    public const string ZoomClientId = "sandbox-zoom-client";
    public const string GoogleClientId = "sandbox-google-client.apps.googleusercontent.com";

    public static (string Verifier, string Challenge) NewPkce()
    {
        string verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string ZoomAuthorizePath(string challenge, string state = "zoom-state", string clientId = ZoomClientId, string redirectUri = ZoomRedirectUri) =>
        QueryHelpers.AddQueryString("zoom/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

    public static string GoogleAuthorizePath(string challenge, string state = "google-state", string scope = GoogleScopes, string accessType = "offline", string clientId = GoogleClientId, string redirectUri = GoogleRedirectUri) =>
        QueryHelpers.AddQueryString("google/o/oauth2/v2/auth", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["access_type"] = accessType,
            ["prompt"] = "consent",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

    /// <summary>Zoom: sign in with an email, then press Allow (or Decline). Returns the redirect's query.</summary>
    public static async Task<Dictionary<string, string>> ZoomConsentAsync(HttpClient client, string email, string challenge, string decision = "allow")
    {
        string signIn = await GetPageAsync(client, ZoomAuthorizePath(challenge));
        using HttpResponseMessage consent = await HtmlForms.PostAsync(client, HtmlForms.Find(signIn, "/sign-in", withEmailField: true), ("email", email));
        return await DecideAsync(client, consent, decision);
    }

    /// <summary>Google: choose the account, then press Continue (or Cancel). Returns the redirect's query.</summary>
    public static async Task<Dictionary<string, string>> GoogleConsentAsync(HttpClient client, string email, string challenge, string decision = "allow", string scope = GoogleScopes, string accessType = "offline")
    {
        string chooser = await GetPageAsync(client, GoogleAuthorizePath(challenge, scope: scope, accessType: accessType));
        using HttpResponseMessage consent = await HtmlForms.PostAsync(client, HtmlForms.Find(chooser, "/choose", withEmailField: true), ("email", email));
        return await DecideAsync(client, consent, decision);
    }

    public static async Task<Dictionary<string, string>> DecideAsync(HttpClient client, HttpResponseMessage consentPage, string decision)
    {
        Assert.Equal(HttpStatusCode.OK, consentPage.StatusCode);
        string html = await consentPage.Content.ReadAsStringAsync(SandboxHarness.Ct);
        using HttpResponseMessage redirect = await HtmlForms.PostAsync(client, HtmlForms.Find(html, "/decision"), ("decision", decision));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return ParseRedirect(redirect.Headers.Location!);
    }

    public static Dictionary<string, string> ParseRedirect(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());

    public static async Task<string> GetPageAsync(HttpClient client, string path)
    {
        using HttpResponseMessage response = await client.GetAsync(new Uri(path, UriKind.Relative), SandboxHarness.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(SandboxHarness.Ct);
    }

    public static async Task<HttpResponseMessage> ZoomTokenAsync(HttpClient client, string clientSecret = "sandbox-zoom-secret", params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "zoom/oauth/token")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ZoomClientId}:{clientSecret}")));
        return await client.SendAsync(request, SandboxHarness.Ct);
    }

    public static Task<HttpResponseMessage> ZoomExchangeCodeAsync(HttpClient client, string code, string verifier, string redirectUri = ZoomRedirectUri) =>
        ZoomTokenAsync(client, "sandbox-zoom-secret", ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri), ("code_verifier", verifier));

    public static Task<HttpResponseMessage> ZoomRefreshAsync(HttpClient client, string refreshToken) =>
        ZoomTokenAsync(client, "sandbox-zoom-secret", ("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    public static async Task<HttpResponseMessage> GoogleTokenAsync(HttpClient client, string clientSecret = "sandbox-google-secret", params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
        all.Add(KeyValuePair.Create("client_id", GoogleClientId));
        all.Add(KeyValuePair.Create("client_secret", clientSecret));
        using var content = new FormUrlEncodedContent(all);
        return await client.PostAsync(new Uri("google/token", UriKind.Relative), content, SandboxHarness.Ct);
    }

    public static Task<HttpResponseMessage> GoogleRefreshAsync(HttpClient client, string refreshToken) =>
        GoogleTokenAsync(client, "sandbox-google-secret", ("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    /// <summary>The whole Zoom connection: consent pages, then the code exchange.</summary>
    public static async Task<TokenSet> ConnectZoomAsync(HttpClient client, string email)
    {
        (string verifier, string challenge) = NewPkce();
        Dictionary<string, string> redirect = await ZoomConsentAsync(client, email, challenge);
        using HttpResponseMessage response = await ZoomExchangeCodeAsync(client, redirect["code"], verifier);
        return await ReadTokensAsync(response);
    }

    /// <summary>The whole Google connection: account chooser, consent, then the code exchange.</summary>
    public static async Task<TokenSet> ConnectGoogleAsync(HttpClient client, string email, string scope = GoogleScopes)
    {
        (string verifier, string challenge) = NewPkce();
        Dictionary<string, string> redirect = await GoogleConsentAsync(client, email, challenge, scope: scope);
        using HttpResponseMessage response = await GoogleTokenAsync(
            client, "sandbox-google-secret", ("grant_type", "authorization_code"), ("code", redirect["code"]), ("redirect_uri", GoogleRedirectUri), ("code_verifier", verifier));
        return await ReadTokensAsync(response);
    }

    public static async Task<TokenSet> ReadTokensAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement json = await SandboxHarness.ReadJsonAsync(response);
        return new TokenSet(json.GetProperty("access_token").GetString()!, json.GetProperty("refresh_token").GetString()!);
    }
}
