using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>Redirects back to the client's registered redirect URI (only ever called after that URI was validated).</summary>
internal static class OAuthRedirect
{
    public static IResult To(string redirectUri, params (string Name, string? Value)[] parameters)
    {
        IEnumerable<KeyValuePair<string, string?>> query = parameters
            .Where(p => p.Value is not null)
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value));
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    public static IResult Error(string redirectUri, string error, string? state, string? description = null) =>
        To(redirectUri, ("error", error), ("error_description", description), ("state", state));
}
