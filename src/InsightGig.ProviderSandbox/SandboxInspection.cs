using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InsightGig.ProviderSandbox;

// What the sandbox holds, as plain records for tests (C#) and for GET /_sandbox/state (JSON, camelCase).
// Raw tokens are never exposed: a test that needs tokens uses ProviderSandboxState.IssueTokens.

/// <summary>Everything the sandbox holds: what each provider holds, by its path (in JSON, a property of its own: <c>"zoom": {...}</c>), then the shared counters, faults and log.</summary>
public sealed partial record ProviderSandboxSnapshot(
    IReadOnlyList<TokenExchangeCount> TokenExchanges,
    IReadOnlyList<SandboxFaultStatus> Faults,
    IReadOnlyList<SandboxRequestLogEntry> Requests)
{
    /// <summary>What each provider holds (its folder's snapshot record), by path; its folder adds a typed property.</summary>
    [JsonExtensionData]
    public IDictionary<string, object> Providers { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);
}

/// <summary>One OAuth grant (one consent), with counts instead of raw tokens.</summary>
public sealed record OAuthGrantInfo(
    string GrantId,
    string AccountId,
    string Email,
    string ClientId,
    IReadOnlyList<string> Scopes,
    bool HasRefreshToken,
    bool Revoked,
    DateTimeOffset CreatedAt,
    int RefreshCount,
    int AccessTokensIssued,
    int LiveAccessTokens,
    DateTimeOffset? LatestAccessTokenExpiresAt);

/// <summary>Token-endpoint requests per provider and grant type: every request that reached the handler, and those that got tokens.</summary>
public sealed record TokenExchangeCount(string Provider, string GrantType, int Attempts, int Succeeded);

/// <summary>A fault in force, with what is left of it.</summary>
public sealed record SandboxFaultStatus(long Id, SandboxFault Fault, int? RemainingFailures, int RemainingInvalidGrants);

/// <summary>One request to a provider endpoint (not the control API). The query string is not kept: it may hold tokens.</summary>
public sealed record SandboxRequestLogEntry(DateTimeOffset At, string Provider, string Method, string Path, int Status, double DurationMs);

/// <summary>How many requests one provider route answered (every status) since the sandbox started or was reset.</summary>
/// <param name="Route">The route pattern, e.g. <c>/google/calendar/v3/calendars/{calendarId}/events</c> (the server's prefix included).</param>
public sealed record SandboxRequestCount(string Provider, string Method, string Route, long Count);

/// <summary>Tokens issued directly by <see cref="ProviderSandboxState.IssueTokens"/>, skipping the sign-in pages.</summary>
public sealed record SandboxIssuedTokens(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope, string AccountId);
