using System.Collections.Concurrent;

namespace InsightGig.ProviderSandbox.OAuth;

/// <summary>
/// Token-endpoint requests per provider and grant type. Attempts count every request that reached the handler,
/// so a client that refreshes twice concurrently shows 2 even though the second is refused.
/// </summary>
internal sealed class TokenExchangeCounters
{
    private readonly ConcurrentDictionary<(SandboxProvider Provider, string GrantType), Counter> _counters = new();

    public void Attempt(SandboxProvider provider, string grantType) => Interlocked.Increment(ref Get(provider, grantType).Attempts);

    public void Succeeded(SandboxProvider provider, string grantType) => Interlocked.Increment(ref Get(provider, grantType).Succeeded);

    public int Attempts(SandboxProvider provider, string grantType) =>
        _counters.TryGetValue((provider, grantType), out Counter? counter) ? Volatile.Read(ref counter.Attempts) : 0;

    public int Successes(SandboxProvider provider, string grantType) =>
        _counters.TryGetValue((provider, grantType), out Counter? counter) ? Volatile.Read(ref counter.Succeeded) : 0;

    public IReadOnlyList<TokenExchangeCount> Describe() =>
        [.. _counters
            .OrderBy(pair => pair.Key.Provider.Path, StringComparer.Ordinal).ThenBy(pair => pair.Key.GrantType, StringComparer.Ordinal)
            .Select(pair => new TokenExchangeCount(pair.Key.Provider.Name(), pair.Key.GrantType, pair.Value.Attempts, pair.Value.Succeeded))];

    public void Clear() => _counters.Clear();

    private Counter Get(SandboxProvider provider, string grantType) => _counters.GetOrAdd((provider, grantType), _ => new Counter());

    private sealed class Counter
    {
        public int Attempts;
        public int Succeeded;
    }
}
