using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.Web.Tests.AcmeProvider;

/// <summary>Acme's OAuth: its consent page, code for tokens, and its account rule (the email must be the InsightGig email).</summary>
internal sealed class AcmeLinker(AcmeCloud cloud, TimeProvider clock) : IOAuthAccountLinker
{
    public string Provider => AcmeProvider.Key;

    public string DisplayName => AcmeProvider.Descriptor.DisplayName;

    /// <summary>Acme's consent page is on the app's own origin (relative), which 'self' already allows.</summary>
    public Uri AuthorizationEndpoint { get; } = new(AcmeConsentPage.Path, UriKind.Relative);

    public Uri BuildAuthorizationUri(Uri redirectUri, string state, string codeChallenge, string? loginHint) =>
        new(QueryHelpers.AddQueryString(new Uri(redirectUri, AcmeConsentPage.Path).AbsoluteUri, new Dictionary<string, string?>
        {
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["login_hint"] = loginHint,
        }));

    public Task<ProviderResult<OAuthTokens>> ExchangeCodeAsync(string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        Task.FromResult(cloud.RedeemCode(code) is { } email
            ? ProviderResult<OAuthTokens>.Ok(Tokens(email))
            : new ProviderFailure(Provider, ProviderFailureKind.ReconnectNeeded, "Acme does not know this code."));

    public Task<ProviderResult<OAuthTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        Task.FromResult(cloud.AccountOf(refreshToken) is { } email
            ? ProviderResult<OAuthTokens>.Ok(Tokens(email))
            : new ProviderFailure(Provider, ProviderFailureKind.ReconnectNeeded, "Acme no longer knows this grant."));

    public Task<ProviderResult<Done>> RevokeAsync(string token, CancellationToken cancellationToken) => Task.FromResult(ProviderResult<Done>.Ok(Done.Value));

    public Task<ProviderResult<LinkedAccount>> GetAccountAsync(string accessToken, CancellationToken cancellationToken) =>
        Task.FromResult(cloud.AccountOf(accessToken) is { } email
            ? ProviderResult<LinkedAccount>.Ok(new LinkedAccount("acme-" + email, email, null))
            : new ProviderFailure(Provider, ProviderFailureKind.ReconnectNeeded, "Acme does not know this token."));

    public Error? CheckAccount(LinkCandidate candidate) =>
        string.Equals(candidate.Account.Email, candidate.Person.Email, StringComparison.OrdinalIgnoreCase)
            ? null
            : Error.Validation("link.acme_email_mismatch", "Acme links only the account with your InsightGig email.");

    private OAuthTokens Tokens(string email) =>
        new(cloud.IssueToken(email), cloud.IssueToken(email), clock.GetUtcNow().AddHours(1), "meetings calendar");
}
