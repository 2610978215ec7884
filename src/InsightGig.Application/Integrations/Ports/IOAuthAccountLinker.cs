using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;

namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// OAuth 2.0 account linking with one provider (authorization code + PKCE S256). One adapter per provider;
/// they are found by <see cref="Provider"/>.
/// </summary>
public interface IOAuthAccountLinker
{
    /// <summary>The provider key (<see cref="ProviderDescriptor.Key"/>).</summary>
    string Provider { get; }

    /// <summary>The provider's name as people know it.</summary>
    string DisplayName { get; }

    /// <summary>
    /// The provider's consent page (without a query). Pages' forms lead there through a redirect, so the pages' policy
    /// (CSP <c>form-action</c>) allows its origin.
    /// </summary>
    Uri AuthorizationEndpoint { get; }

    /// <summary>Where to send the user's browser to consent.</summary>
    Uri BuildAuthorizationUri(Uri redirectUri, string state, string codeChallenge, string? loginHint);

    Task<ProviderResult<OAuthTokens>> ExchangeCodeAsync(string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken);

    /// <summary>New tokens from a refresh token. A provider that rotates refresh tokens returns the new one; the old one is then dead.</summary>
    Task<ProviderResult<OAuthTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    /// <summary>Revokes the grant at the provider (the refresh token if there is one, else the access token).</summary>
    Task<ProviderResult<Done>> RevokeAsync(string token, CancellationToken cancellationToken);

    /// <summary>The account the access token belongs to (id and email).</summary>
    Task<ProviderResult<LinkedAccount>> GetAccountAsync(string accessToken, CancellationToken cancellationToken);

    /// <summary>
    /// The unit's own rule for keeping a linked account (for example: the email must be the InsightGig email; the grant
    /// must include calendar access). Null keeps it; an error refuses it, and the grant is given back.
    /// </summary>
    Error? CheckAccount(LinkCandidate candidate);
}

/// <param name="RefreshToken">Null when the provider sent none (some do not on refresh): keep the one you have.</param>
public sealed record OAuthTokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAtUtc, string Scopes);

public sealed record LinkedAccount(string ExternalId, string Email, string? DisplayName);

/// <summary>What a provider's account rule sees when deciding whether a linked account may be kept.</summary>
public sealed record LinkCandidate(Person Person, LinkedAccount Account, OAuthTokens Tokens);
