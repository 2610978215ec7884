using InsightGig.Domain.Common;

namespace InsightGig.Domain.Integrations;

/// <summary>
/// A person's link to a provider account (a video service, a calendar, or both). Tokens are held already protected
/// (encrypted by the infrastructure); the domain never sees them in clear text.
/// </summary>
public sealed class ProviderConnection : Entity, IHasDomainEvents
{
    private readonly List<object> _domainEvents = [];

    private ProviderConnection()
    {
    }

    private ProviderConnection(Guid id, Guid personId, string provider) : base(id)
    {
        PersonId = personId;
        Provider = provider;
    }

    public Guid PersonId { get; private set; }

    /// <summary>Provider key, for example "zoom" or "google".</summary>
    public string Provider { get; private set; } = string.Empty;

    public string ExternalAccountId { get; private set; } = string.Empty;

    public string AccountEmail { get; private set; } = string.Empty;

    /// <summary>Granted scopes, space separated as OAuth sends them.</summary>
    public string Scopes { get; private set; } = string.Empty;

    public string? ProtectedAccessToken { get; private set; }

    public string? ProtectedRefreshToken { get; private set; }

    public DateTimeOffset? AccessTokenExpiresAtUtc { get; private set; }

    public ConnectionStatus Status { get; private set; }

    public DateTimeOffset ConnectedAtUtc { get; private set; }

    public DateTimeOffset? LastRefreshedAtUtc { get; private set; }

    public DateTimeOffset? DisconnectedAtUtc { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>
    /// Since when an exchange of the stored refresh token may have been processed by the provider without InsightGig
    /// getting the answer (it timed out, or its worker went silent). A provider that rotates refresh tokens (Zoom) then
    /// refuses the stored one, and that refusal is not the person's doing: see <see cref="RefreshOutcomeUnknown"/>.
    /// Cleared by any change of tokens.
    /// </summary>
    public DateTimeOffset? RefreshInDoubtSinceUtc { get; private set; }

    /// <summary>
    /// This calendar connection receives the person's invites and is read back for their changes (one per person; chosen
    /// on Connected apps, the first calendar linked until then).
    /// </summary>
    public bool ReceivesInvites { get; private set; }

    public void ChooseForInvites() => ReceivesInvites = true;

    public void NoLongerForInvites() => ReceivesInvites = false;

    /// <summary>Raised on every token change; the store uses it as a concurrency token so two refreshes cannot both win.</summary>
    public int Version { get; private set; }

    public static ProviderConnection Connect(Guid id, Guid personId, string provider, ProviderAccount account, ProtectedTokens tokens, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(tokens);
        var connection = new ProviderConnection(id, Guard.NotEmpty(personId, nameof(personId)), Guard.NotBlank(provider, 50, nameof(provider)));
        connection.Relink(account, tokens, nowUtc);
        return connection;
    }

    /// <summary>Links again (after "reconnect needed" or a disconnect): new account details and tokens.</summary>
    public void Relink(ProviderAccount account, ProtectedTokens tokens, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(tokens);
        ExternalAccountId = Guard.NotBlank(account.ExternalId, 200, nameof(account));
        AccountEmail = Guard.Email(account.Email, nameof(account));
        ConnectedAtUtc = nowUtc;
        DisconnectedAtUtc = null;
        Status = ConnectionStatus.Active;
        LastError = null;
        ApplyTokens(tokens);
        LastRefreshedAtUtc = null;
    }

    /// <summary>Stores refreshed tokens. A provider that does not rotate refresh tokens sends none: the old one is kept.</summary>
    public void Refreshed(ProtectedTokens tokens, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (Status != ConnectionStatus.Active)
        {
            throw new InvalidOperationException($"Only an active connection can be refreshed (it is {Status}).");
        }

        ApplyTokens(tokens);
        LastRefreshedAtUtc = nowUtc;
        LastError = null;
    }

    /// <summary>
    /// An exchange of the stored refresh token ended without an answer: it may have been processed. The earliest such
    /// moment is kept (a second unknown outcome does not restart the clock).
    /// </summary>
    public void RefreshOutcomeUnknown(DateTimeOffset nowUtc)
    {
        if (Status == ConnectionStatus.Active)
        {
            RefreshInDoubtSinceUtc ??= nowUtc;
        }
    }

    public IReadOnlyList<object> DomainEvents => _domainEvents;

    public void ClearDomainEvents() => _domainEvents.Clear();

    public void MarkReconnectNeeded(string reason)
    {
        if (Status == ConnectionStatus.Disconnected)
        {
            return;
        }

        var wasWorking = Status == ConnectionStatus.Active;
        Status = ConnectionStatus.ReconnectNeeded;
        LastError = Guard.Optional(reason, 500, nameof(reason));
        ProtectedAccessToken = null;
        ProtectedRefreshToken = null;
        AccessTokenExpiresAtUtc = null;
        RefreshInDoubtSinceUtc = null;
        Version++;
        if (wasWorking)
        {
            _domainEvents.Add(new ConnectionLost(Id, PersonId, Provider, Version));
        }
    }

    /// <summary>The provider says its user removed the app (deauthorization): the link ends, and its owner is told.</summary>
    public void Deauthorized(DateTimeOffset nowUtc)
    {
        var wasWorking = Status == ConnectionStatus.Active;
        Disconnect(nowUtc);
        if (wasWorking)
        {
            _domainEvents.Add(new ConnectionLost(Id, PersonId, Provider, Version));
        }
    }

    public void Disconnect(DateTimeOffset nowUtc)
    {
        Status = ConnectionStatus.Disconnected;
        DisconnectedAtUtc = nowUtc;
        ProtectedAccessToken = null;
        ProtectedRefreshToken = null;
        AccessTokenExpiresAtUtc = null;
        RefreshInDoubtSinceUtc = null;
        Version++;
    }

    public bool IsUsable => Status == ConnectionStatus.Active && (ProtectedRefreshToken is not null || ProtectedAccessToken is not null);

    public bool AccessTokenExpiresWithin(TimeSpan window, DateTimeOffset nowUtc) =>
        AccessTokenExpiresAtUtc is null || AccessTokenExpiresAtUtc.Value - nowUtc <= window;

    private void ApplyTokens(ProtectedTokens tokens)
    {
        ProtectedAccessToken = Guard.NotBlank(tokens.ProtectedAccessToken, 8000, nameof(tokens));
        if (tokens.ProtectedRefreshToken is not null)
        {
            ProtectedRefreshToken = tokens.ProtectedRefreshToken;
        }

        AccessTokenExpiresAtUtc = tokens.AccessTokenExpiresAtUtc;
        RefreshInDoubtSinceUtc = null;
        if (!string.IsNullOrWhiteSpace(tokens.Scopes))
        {
            Scopes = tokens.Scopes.Trim();
        }

        Version++;
    }
}

/// <summary>Who the user is at the provider.</summary>
public sealed record ProviderAccount(string ExternalId, string Email);

/// <summary>Tokens already encrypted for storage; the refresh token is null when the provider did not send a new one.</summary>
public sealed record ProtectedTokens(string ProtectedAccessToken, string? ProtectedRefreshToken, DateTimeOffset AccessTokenExpiresAtUtc, string? Scopes);
