using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>One consent: the account, the client, the scopes, and the tokens issued for it.</summary>
internal sealed class OAuthGrant
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Email { get; init; }
    public required string ClientId { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? RefreshToken { get; set; }
    public bool Revoked { get; set; }
    public int RefreshCount { get; set; }
    public int AccessTokensIssued { get; set; }

    public string Scope => string.Join(' ', Scopes);
}

internal sealed record IssuedTokens(string AccessToken, string? RefreshToken, int ExpiresIn, OAuthGrant Grant);

internal enum AccessTokenStatus
{
    Missing,
    Unknown,
    Expired,
    Revoked,
    Valid,
}

internal readonly record struct AccessTokenCheck(AccessTokenStatus Status, OAuthGrant? Grant);

/// <summary>How a provider's tokens look and behave: Zoom rotates refresh tokens on every refresh, Google does not.</summary>
/// <param name="KeepSupersededRefreshTokens">A rotated-out refresh token keeps working (Microsoft), instead of failing at once (Zoom).</param>
/// <param name="RefreshTokenIdleLifetime">A refresh token not used for this long is refused (Microsoft: 90 days); null means never.</param>
internal sealed record TokenStyle(
    string AccessPrefix,
    string RefreshPrefix,
    bool RotateRefreshTokens,
    bool KeepSupersededRefreshTokens = false,
    TimeSpan? RefreshTokenIdleLifetime = null);

/// <summary>Why a refresh was refused: the providers word these differently (e.g. Microsoft's AADSTS70008 vs AADSTS50173).</summary>
internal enum RefreshRefusal
{
    None,
    Unknown,
    Revoked,
    IdleExpired,
}

/// <summary>
/// Grants and their opaque access/refresh tokens for one provider. One lock guards it all, so two concurrent
/// refreshes with the same (rotating) refresh token cannot both succeed.
/// </summary>
internal sealed class OAuthTokenStore(TokenStyle style, TimeProvider time, TimeSpan accessTokenLifetime)
{
    private readonly Lock _gate = new();
    private readonly List<OAuthGrant> _grants = [];
    private readonly Dictionary<string, AccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshToken> _refreshTokens = new(StringComparer.Ordinal);

    public IssuedTokens CreateGrant(string accountId, string email, string clientId, IReadOnlyList<string> scopes, bool withRefreshToken)
    {
        lock (_gate)
        {
            var grant = new OAuthGrant
            {
                Id = SecureRandomText.Token(12),
                AccountId = accountId,
                Email = email,
                ClientId = clientId,
                Scopes = scopes,
                CreatedAt = time.GetUtcNow(),
            };
            _grants.Add(grant);
            if (withRefreshToken)
            {
                grant.RefreshToken = NewRefreshToken(grant);
            }

            return new IssuedTokens(NewAccessToken(grant), grant.RefreshToken, ExpiresIn, grant);
        }
    }

    /// <summary>New access token for a live grant; null when the refresh token is unknown, superseded, revoked or another client's.</summary>
    public IssuedTokens? Refresh(string? refreshToken, string clientId) => TryRefresh(refreshToken, clientId).Issued;

    /// <summary>New tokens for a live grant, or why not.</summary>
    public (IssuedTokens? Issued, RefreshRefusal Refusal) TryRefresh(string? refreshToken, string clientId)
    {
        lock (_gate)
        {
            if (refreshToken is null
                || !_refreshTokens.TryGetValue(refreshToken, out RefreshToken? entry)
                || entry.Grant.ClientId != clientId)
            {
                return (null, RefreshRefusal.Unknown);
            }

            OAuthGrant grant = entry.Grant;
            if (grant.Revoked)
            {
                return (null, RefreshRefusal.Revoked);
            }

            DateTimeOffset now = time.GetUtcNow();
            if (style.RefreshTokenIdleLifetime is { } idle && now - entry.LastUsedAt > idle)
            {
                return (null, RefreshRefusal.IdleExpired);
            }

            entry.LastUsedAt = now;
            if (style.RotateRefreshTokens)
            {
                if (!style.KeepSupersededRefreshTokens)
                {
                    _refreshTokens.Remove(refreshToken);
                }

                grant.RefreshToken = NewRefreshToken(grant);
            }

            grant.RefreshCount++;
            return (new IssuedTokens(NewAccessToken(grant), grant.RefreshToken, ExpiresIn, grant), RefreshRefusal.None);
        }
    }

    /// <summary>Revokes the grant an access or refresh token belongs to; false when unknown or already revoked.</summary>
    public bool RevokeGrantOf(string? token)
    {
        lock (_gate)
        {
            OAuthGrant? grant = Find(token);
            if (grant is null || grant.Revoked)
            {
                return false;
            }

            grant.Revoked = true;
            return true;
        }
    }

    /// <summary>Revokes every live grant of an account (the user removed the app); answers how many.</summary>
    public int RevokeAllOf(string email)
    {
        lock (_gate)
        {
            var live = _grants.Where(g => !g.Revoked && string.Equals(g.Email, email, StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (OAuthGrant grant in live)
            {
                grant.Revoked = true;
            }

            return live.Count;
        }
    }

    public AccessTokenCheck Check(string? accessToken)
    {
        if (accessToken is null)
        {
            return new AccessTokenCheck(AccessTokenStatus.Missing, null);
        }

        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(accessToken, out AccessToken? entry))
            {
                return new AccessTokenCheck(AccessTokenStatus.Unknown, null);
            }

            if (entry.Grant.Revoked)
            {
                return new AccessTokenCheck(AccessTokenStatus.Revoked, entry.Grant);
            }

            return entry.ExpiresAt <= time.GetUtcNow()
                ? new AccessTokenCheck(AccessTokenStatus.Expired, entry.Grant)
                : new AccessTokenCheck(AccessTokenStatus.Valid, entry.Grant);
        }
    }

    public int ExpireAccessTokens()
    {
        lock (_gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            int expired = 0;
            foreach (AccessToken entry in _accessTokens.Values.Where(entry => entry.ExpiresAt > now))
            {
                entry.ExpiresAt = now;
                expired++;
            }

            return expired;
        }
    }

    public IReadOnlyList<OAuthGrantInfo> Describe()
    {
        lock (_gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            return [.. _grants.Select(grant =>
            {
                AccessToken[] tokens = [.. _accessTokens.Values.Where(entry => entry.Grant == grant)];
                return new OAuthGrantInfo(
                    grant.Id,
                    grant.AccountId,
                    grant.Email,
                    grant.ClientId,
                    grant.Scopes,
                    grant.RefreshToken is not null,
                    grant.Revoked,
                    grant.CreatedAt,
                    grant.RefreshCount,
                    grant.AccessTokensIssued,
                    grant.Revoked ? 0 : tokens.Count(entry => entry.ExpiresAt > now),
                    tokens.Length == 0 ? null : tokens.Max(entry => entry.ExpiresAt));
            })];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _grants.Clear();
            _accessTokens.Clear();
            _refreshTokens.Clear();
        }
    }

    private int ExpiresIn => (int)accessTokenLifetime.TotalSeconds;

    private OAuthGrant? Find(string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (_accessTokens.TryGetValue(token, out AccessToken? entry))
        {
            return entry.Grant;
        }

        return _refreshTokens.GetValueOrDefault(token)?.Grant;
    }

    private string NewAccessToken(OAuthGrant grant)
    {
        string token = style.AccessPrefix + SecureRandomText.Token();
        _accessTokens[token] = new AccessToken(grant, time.GetUtcNow() + accessTokenLifetime);
        grant.AccessTokensIssued++;
        return token;
    }

    private string NewRefreshToken(OAuthGrant grant)
    {
        string token = style.RefreshPrefix + SecureRandomText.Token();
        _refreshTokens[token] = new RefreshToken(grant, time.GetUtcNow());
        return token;
    }

    private sealed class RefreshToken(OAuthGrant grant, DateTimeOffset lastUsedAt)
    {
        public OAuthGrant Grant { get; } = grant;
        public DateTimeOffset LastUsedAt { get; set; } = lastUsedAt;
    }

    private sealed class AccessToken(OAuthGrant grant, DateTimeOffset expiresAt)
    {
        public OAuthGrant Grant { get; } = grant;
        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    }
}
