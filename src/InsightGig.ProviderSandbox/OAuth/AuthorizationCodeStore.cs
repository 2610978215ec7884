using System.Collections.Concurrent;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>What a person approved; an authorization code stands for it until exchanged.</summary>
internal sealed record ApprovedAuthorization(
    string ClientId,
    string RedirectUri,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Scopes,
    bool Offline,
    string? Nonce);

/// <summary>Authorization codes: single-use (taken on the first exchange attempt, whatever its outcome) and short-lived.</summary>
internal sealed class AuthorizationCodeStore(TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, (ApprovedAuthorization Approval, DateTimeOffset ExpiresAt)> _codes = new(StringComparer.Ordinal);

    public string Issue(ApprovedAuthorization approval)
    {
        string code = SecureRandomText.Token(24);
        _codes[code] = (approval, time.GetUtcNow() + lifetime);
        return code;
    }

    public ApprovedAuthorization? Redeem(string? code) =>
        code is not null
        && _codes.TryRemove(code, out (ApprovedAuthorization Approval, DateTimeOffset ExpiresAt) entry)
        && entry.ExpiresAt > time.GetUtcNow()
            ? entry.Approval
            : null;

    public void Clear() => _codes.Clear();
}
