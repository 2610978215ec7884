namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// OAuth 2.0 account linking with one provider (authorization code + PKCE S256). One adapter per provider;
/// they are found by <see cref="Provider"/>.
/// </summary>
public interface IOAuthAccountLinker
{
    /// <summary>The provider key (see <see cref="ProviderKeys"/>).</summary>
    string Provider { get; }

    /// <summary>The provider's name as people know it ("Zoom", "Google").</summary>
    string DisplayName { get; }

    /// <summary>Where to send the user's browser to consent.</summary>
    Uri BuildAuthorizationUri(Uri redirectUri, string state, string codeChallenge, string? loginHint);

    Task<ProviderResult<OAuthTokens>> ExchangeCodeAsync(string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken);

    /// <summary>New tokens from a refresh token. A provider that rotates refresh tokens returns the new one; the old one is then dead.</summary>
    Task<ProviderResult<OAuthTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    /// <summary>Revokes the grant at the provider (the refresh token if there is one, else the access token).</summary>
    Task<ProviderResult<Done>> RevokeAsync(string token, CancellationToken cancellationToken);

    /// <summary>The account the access token belongs to (id and email).</summary>
    Task<ProviderResult<LinkedAccount>> GetAccountAsync(string accessToken, CancellationToken cancellationToken);
}

/// <param name="RefreshToken">Null when the provider sent none (Google on refresh): keep the one you have.</param>
public sealed record OAuthTokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAtUtc, string Scopes);

public sealed record LinkedAccount(string ExternalId, string Email, string? DisplayName);
