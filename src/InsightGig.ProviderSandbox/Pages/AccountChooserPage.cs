using System.Globalization;
using System.Text;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Pages;

/// <summary>
/// Google's "Choose an account" page. Used by Google's own authorization and by Zoom's "Sign in with Google"
/// (only the service named under the heading differs).
/// </summary>
internal static class AccountChooserPage
{
    public static Microsoft.AspNetCore.Http.IResult Render(
        string action,
        string pendingId,
        string continueTo,
        IEnumerable<SandboxAccount> knownAccounts,
        string? prefilledEmail = null,
        string? error = null)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Choose an account</h1>
            <p>to continue to {E(continueTo)}</p>
            """);
        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p class="error" role="alert">{E(error)}</p>""");
        }

        SandboxAccount[] accounts = [.. knownAccounts];
        if (accounts.Length > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
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
            <label for="email">Email or phone</label>
            <input id="email" name="email" type="email" autocomplete="email" required value="{E(prefilledEmail)}">
            <button type="submit">Next</button>
            </form>
            """);
        return HtmlPage.Render("Sign in - Google Accounts", body.ToString());
    }
}
