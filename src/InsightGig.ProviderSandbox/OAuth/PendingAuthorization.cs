using System.Collections.Concurrent;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>An authorization request between the first page and the decision, carried by the pages' forms as an opaque id.</summary>
internal sealed record PendingAuthorization
{
    public required SandboxProvider Provider { get; init; }
    public required string ClientId { get; init; }
    public required string RedirectUri { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public string? State { get; init; }
    public string? CodeChallenge { get; init; }
    public string? CodeChallengeMethod { get; init; }
    public string? LoginHint { get; init; }
    public string? Nonce { get; init; }
    public bool Offline { get; init; }
    public string? Email { get; init; }
    public string? DisplayName { get; init; }
    public bool SignedInWithGoogle { get; init; }
}

/// <summary>
/// Pending sign-ins keyed by unguessable ids. Each id works once: every page step takes the pending request
/// and the next page gets a fresh id, so a replayed or double-submitted form is refused.
/// </summary>
internal sealed class PendingAuthorizationStore(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, (PendingAuthorization Request, DateTimeOffset ExpiresAt)> _pending = new(StringComparer.Ordinal);

    public string Save(PendingAuthorization request)
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach (KeyValuePair<string, (PendingAuthorization Request, DateTimeOffset ExpiresAt)> entry in _pending)
        {
            if (entry.Value.ExpiresAt <= now)
            {
                _pending.TryRemove(entry.Key, out _);
            }
        }

        string id = SecureRandomText.Token();
        _pending[id] = (request, now + Lifetime);
        return id;
    }

    public PendingAuthorization? Take(string? id, SandboxProvider provider) =>
        id is not null
        && _pending.TryRemove(id, out (PendingAuthorization Request, DateTimeOffset ExpiresAt) entry)
        && entry.ExpiresAt > time.GetUtcNow()
        && entry.Request.Provider == provider
            ? entry.Request
            : null;

    public void Clear() => _pending.Clear();
}
