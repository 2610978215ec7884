using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using Microsoft.AspNetCore.Http;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>Google's consent page ("InsightGig wants access to your Google Account").</summary>
internal static class GooglePages
{
    public static IResult Consent(HttpContext http, string pendingId, PendingAuthorization pending, string appName)
    {
        string action = SandboxUrls.RootPath(http) + GoogleOAuthEndpoints.AuthorizePath + "/decision";
        string scopes = string.Concat(pending.Scopes
            .Select(GoogleScopes.Describe)
            .Distinct(StringComparer.Ordinal)
            .Select(text => $"<li>{E(text)}</li>"));
        string title = $"{appName} wants access to your Google Account";
        return Render(title, $"""
            <h1>{E(title)}</h1>
            <p><strong>{E(pending.Email)}</strong></p>
            <h2>This will allow {E(appName)} to:</h2>
            <ul>{scopes}</ul>
            <h2>Make sure you trust {E(appName)}</h2>
            <p>You may be sharing sensitive info with this site or app. You can always see or remove access in your Google Account.</p>
            <form method="post" action="{E(action)}">
            {PendingField(pendingId)}
            <button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
            <button type="submit" name="decision" value="allow">Continue</button>
            </form>
            """);
    }
}
