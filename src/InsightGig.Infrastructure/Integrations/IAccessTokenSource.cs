using InsightGig.Application.Integrations.Ports;

namespace InsightGig.Infrastructure.Integrations;

/// <summary>
/// Hands provider adapters (and only them: a port of the Infrastructure, not of the use cases) a valid access token for a person's connection, refreshing it just in time.
/// A refresh is done by one worker at a time across all app instances, and the new tokens are saved before use.
/// </summary>
public interface IAccessTokenSource
{
    Task<ProviderResult<string>> GetAccessTokenAsync(Guid personId, string provider, CancellationToken cancellationToken);

    /// <summary>The token and the account it belongs to (the mailbox a free/busy read names), read together.</summary>
    Task<ProviderResult<AccountAccess>> GetAccountAccessAsync(Guid personId, string provider, CancellationToken cancellationToken);

    /// <summary>Refreshes now if the token expires within <paramref name="window"/>; used by the background refresh job.</summary>
    Task<ProviderResult<Done>> RefreshIfExpiringAsync(Guid connectionId, TimeSpan window, CancellationToken cancellationToken);
}

/// <param name="AccountEmail">The provider account's email as linked (the person's own mailbox).</param>
public sealed record AccountAccess(string AccessToken, string AccountEmail);
