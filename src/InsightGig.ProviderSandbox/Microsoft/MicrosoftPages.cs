using System.Globalization;
using System.Text;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using Microsoft.AspNetCore.Http;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>Microsoft's sign-in pages: "Sign in with Microsoft" (pick an account or type one), then "Permissions requested".</summary>
internal static class MicrosoftPages
{
    public static IResult Chooser(HttpContext http, ProviderSandboxState sandbox, string tenant, string pendingId, string? prefilledEmail, string? error)
    {
        string action = $"{SandboxUrls.RootPath(http)}/microsoft/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/authorize/choose";
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Sign in with Microsoft</h1>
            <p>to continue to {E(sandbox.Options.Microsoft.ApplicationName)}</p>
            """);
        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p class="error" role="alert">{E(error)}</p>""");
        }

        SandboxAccount[] accounts = [.. sandbox.Options.KnownAccounts];
        if (accounts.Length > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <h2>Pick an account</h2>
                <form method="post" action="{E(action)}">
                {PendingField(pendingId)}
                <ul class="plain" aria-label="Accounts">
                """);
            foreach (SandboxAccount account in accounts)
            {
                body.Append(CultureInfo.InvariantCulture, $"""
                    <li><button type="submit" class="account" name="email" value="{E(account.Email)}">{E(account.DisplayName)}<br><small>{E(account.Email)}</small></button></li>
                    """);
            }

            body.Append("</ul></form>");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="{E(action)}">
            {PendingField(pendingId)}
            <h2>Use another account</h2>
            <label for="email">Email, phone, or Skype</label>
            <input id="email" name="email" type="email" autocomplete="email" required value="{E(prefilledEmail)}">
            <button type="submit">Next</button>
            </form>
            """);
        return Render("Sign in to your account", body.ToString());
    }

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
