using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>Reads the sign-in/consent form posts and takes their single-use pending authorization.</summary>
internal static class ConsentForms
{
    public sealed record Post(IFormCollection Form, PendingAuthorization Pending)
    {
        public string? Email => Form["email"].ToString().Trim() is { Length: > 0 } email ? email : null;

        public string? Decision => Form["decision"];
    }

    /// <summary>The form and its pending authorization, or an HTML error page when the form is stale, replayed or not a form.</summary>
    public static async Task<(Post? Post, IResult? Error)> ReadAsync(HttpContext http, ProviderSandboxState sandbox, SandboxProvider provider)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, HtmlPage.Error("Bad request", "Expected a form post."));
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
        PendingAuthorization? pending = sandbox.Pending.Take(form["pending"], provider);
        return pending is null
            ? (null, HtmlPage.Error("This page has expired", "This sign-in request has expired or was already used."))
            : (new Post(form, pending), null);
    }

    /// <summary>The display name of a known account, else one made from the email.</summary>
    public static string DisplayNameFor(ProviderSandboxOptions options, string email) =>
        options.KnownAccounts.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase))?.DisplayName
        ?? PersonNames.FromEmail(email);
}
