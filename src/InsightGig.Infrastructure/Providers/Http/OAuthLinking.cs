using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;

namespace InsightGig.Infrastructure.Providers.Http;

/// <summary>What the OAuth linkers that speak the token endpoint themselves share: the grant forms and the email rule.</summary>
internal static class OAuthLinking
{
    /// <summary>The authorization-code grant with its PKCE verifier (RFC 6749 4.1.3, RFC 7636 4.5).</summary>
    public static KeyValuePair<string, string>[] AuthorizationCodeGrant(string code, Uri redirectUri, string codeVerifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        return
        [
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri.AbsoluteUri),
            new("code_verifier", codeVerifier),
        ];
    }

    /// <summary>The refresh-token grant (RFC 6749 6).</summary>
    public static KeyValuePair<string, string>[] RefreshGrant(string refreshToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        return [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)];
    }

    /// <summary>
    /// The help article's rule, for a provider whose account must be the person's own: the email the account signs in with
    /// must be the InsightGig email (case and surrounding spaces aside); null keeps the account.
    /// </summary>
    /// <param name="code">The error code, e.g. <c>link.zoom_email_mismatch</c>.</param>
    public static Error? EmailMustMatch(LinkCandidate candidate, string displayName, string code)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return string.Equals(candidate.Account.Email.Trim(), candidate.Person.Email, StringComparison.OrdinalIgnoreCase)
            ? null
            : Error.Validation(code,
                $"Your {displayName} account uses {candidate.Account.Email}, but your InsightGig email is {candidate.Person.Email}. " +
                $"The email you use to log in to {displayName} should be the same as your InsightGig email. Nothing was linked: sign in to {displayName} with " +
                $"{candidate.Person.Email} and try again.");
    }
}
