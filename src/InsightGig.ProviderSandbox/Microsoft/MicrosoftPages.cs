using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Http;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>Microsoft's sign-in pages: "Sign in with Microsoft" (pick an account or type one), then "Permissions requested".</summary>
internal static class MicrosoftPages
{
    private static readonly ChooserWording ChooserWords = new("Sign in to your account", "Sign in with Microsoft", "Pick an account", "Email, phone, or Skype");

    public static IResult Chooser(HttpContext http, ProviderSandboxState sandbox, string tenant, string pendingId, string? prefilledEmail, string? error) =>
        AccountChooserPage.Render(
            $"{SandboxUrls.RootPath(http)}/microsoft/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/authorize/choose",
            pendingId,
            sandbox.Options.Microsoft.ApplicationName,
            sandbox.Options.KnownAccounts,
            prefilledEmail,
            error,
            ChooserWords);

    public static IResult Consent(HttpContext http, string tenant, string pendingId, PendingAuthorization pending, string appName)
    {
        string action = $"{SandboxUrls.RootPath(http)}/microsoft/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/authorize/decision";
        string scopes = string.Concat(pending.Scopes.Select(MicrosoftScopes.Explain).Distinct(StringComparer.Ordinal).Select(text => $"<li>{E(text)}</li>"));
        return Render("Permissions requested", $"""
            <h1>Permissions requested</h1>
            <p><strong>{E(pending.Email)}</strong></p>
            <h2>{E(appName)} needs your permission to:</h2>
            <ul>{scopes}</ul>
            <p>Accepting these permissions means that you allow this app to use your data as specified in their terms of service and
            privacy statement. You can change these permissions at https://myapps.microsoft.com.</p>
            <form method="post" action="{E(action)}">
            {PendingField(pendingId)}
            <button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
            <button type="submit" name="decision" value="allow">Accept</button>
            </form>
            """);
    }
}
