namespace InsightGig.Domain.Integrations;

public enum ConnectionStatus
{
    Active = 0,
    /// <summary>The provider no longer honours the grant (revoked, expired refresh token); the user must link again.</summary>
    ReconnectNeeded = 1,
    /// <summary>The user (or the provider, on deauthorization) ended the link; tokens are gone, history is kept.</summary>
    Disconnected = 2,
}
