using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.Infrastructure.Tests.Support;

/// <summary>Clicks through the sandbox's sign-in and consent pages the way a browser posts their forms.</summary>
public static partial class ConsentDriver
{
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>Zoom: authorize page → sign in with <paramref name="email"/> → Allow. Returns the callback's query.</summary>
    public static async Task<Dictionary<string, string>> ApproveZoomAsync(Uri sandboxBase, Uri authorizationUri, string email)
    {
        using var browser = Browser(sandboxBase);
        var signIn = await PageAsync(browser, authorizationUri);
        var consent = await PostAsync(browser, "zoom/oauth/authorize/sign-in", Pending(signIn), ("email", email));
        using var redirect = await PostRawAsync(browser, "zoom/oauth/authorize/decision", Pending(consent), ("decision", "allow"));
        return CallbackQuery(redirect);
    }

    /// <summary>Google: account chooser → <paramref name="email"/> → Continue. Returns the callback's query.</summary>
    public static async Task<Dictionary<string, string>> ApproveGoogleAsync(Uri sandboxBase, Uri authorizationUri, string email)
    {
        using var browser = Browser(sandboxBase);
        var chooser = await PageAsync(browser, authorizationUri);
        var consent = await PostAsync(browser, "google/o/oauth2/v2/auth/choose", Pending(chooser), ("email", email));
        using var redirect = await PostRawAsync(browser, "google/o/oauth2/v2/auth/decision", Pending(consent), ("decision", "allow"));
        return CallbackQuery(redirect);
    }

    private static HttpClient Browser(Uri sandboxBase) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sandboxBase };

    private static async Task<string> PageAsync(HttpClient browser, Uri uri)
    {
        using var response = await browser.GetAsync(uri, AdapterHarness.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(AdapterHarness.Ct);
    }

    private static async Task<string> PostAsync(HttpClient browser, string path, string pending, params (string Name, string Value)[] fields)
    {
        using var response = await PostRawAsync(browser, path, pending, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(AdapterHarness.Ct);
    }

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient browser, string path, string pending, params (string Name, string Value)[] fields)
    {
        using var form = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("pending", pending)));
        return await browser.PostAsync(new Uri(path, UriKind.Relative), form, AdapterHarness.Ct);
    }

    private static string Pending(string html)
    {
        var match = PendingField().Match(html);
        Assert.True(match.Success, "the page has no pending authorization field");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    private static Dictionary<string, string> CallbackQuery(HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"pending\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex PendingField();
}
