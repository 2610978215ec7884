using System.Globalization;
using System.Text;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Pages;

/// <summary>What an account chooser says: its title, heading, the heading over the known accounts, the email field's label.</summary>
internal sealed record ChooserWording(string Title, string Heading, string? AccountsHeading, string EmailLabel)
{
    /// <summary>Google's "Choose an account".</summary>
    public static readonly ChooserWording Google = new("Sign in - Google Accounts", "Choose an account", null, "Email or phone");
}

/// <summary>
/// An account chooser: Google's "Choose an account" page (used by Google's own authorization and by Zoom's "Sign in with
/// Google", only the service named under the heading differs), or another provider's in its own words.
/// </summary>
internal static class AccountChooserPage
{
    public static Microsoft.AspNetCore.Http.IResult Render(
        string action,
        string pendingId,
        string continueTo,
        IEnumerable<SandboxAccount> knownAccounts,
        string? prefilledEmail = null,
        string? error = null,
        ChooserWording? wording = null)
    {
        wording ??= ChooserWording.Google;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>{E(wording.Heading)}</h1>
            <p>to continue to {E(continueTo)}</p>
            """);
        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p class="error" role="alert">{E(error)}</p>""");
        }

        SandboxAccount[] accounts = [.. knownAccounts];
        if (accounts.Length > 0)
        {
            if (wording.AccountsHeading is { } accountsHeading)
            {
                body.Append(CultureInfo.InvariantCulture, $"<h2>{E(accountsHeading)}</h2>");
            }

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
            <label for="email">{E(wording.EmailLabel)}</label>
            <input id="email" name="email" type="email" autocomplete="email" required value="{E(prefilledEmail)}">
            <button type="submit">Next</button>
            </form>
            """);
        return HtmlPage.Render(wording.Title, body.ToString());
    }
}
