using InsightGig.Application.Integrations.Ports;

namespace InsightGig.Infrastructure.Integrations;

/// <summary>
/// What an adapter needs when a provider answers 401 to a token that had not expired yet (revoked, rotated elsewhere, clock
/// skew): a new token now. Implemented by <see cref="AccessTokenSource"/>, next to <see cref="IAccessTokenSource"/>, because
/// that port has no way to say "this token was refused".
/// </summary>
public interface IAccessTokenRefresher
{
    /// <summary>
    /// Refreshes unless the stored token is no longer <paramref name="rejectedAccessToken"/> (another caller already
    /// refreshed), with the same one-refresh-at-a-time guard as <see cref="IAccessTokenSource.GetAccessTokenAsync"/>.
    /// </summary>
    Task<ProviderResult<string>> RefreshRejectedTokenAsync(Guid personId, string provider, string rejectedAccessToken, CancellationToken cancellationToken);
}
