using System.Collections.Frozen;
using InsightGig.ProviderSandbox.Faults;
using InsightGig.ProviderSandbox.OAuth;

namespace InsightGig.ProviderSandbox;

/// <summary>
/// Everything the sandbox holds (one singleton per host; all members are thread-safe), and the C# API tests use to
/// inspect it and to inject faults without going through <c>/_sandbox/...</c>. Each provider's folder adds its typed
/// inspection members in a partial declaration of its own (<c>Zoom/ZoomSandboxState.cs</c>); this file names none.
/// </summary>
public sealed partial class ProviderSandboxState
{
    private readonly FrozenDictionary<SandboxProvider, IEmulatedProvider> _providers;

    internal ProviderSandboxState(ProviderSandboxOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Pending = new PendingAuthorizationStore(time);
        _providers = SandboxParts.All.ToFrozenDictionary(part => part.Provider, part => part.CreateState(options, time));
        foreach (IEmulatedProvider provider in _providers.Values)
        {
            provider.Seed();
        }
    }

    internal ProviderSandboxOptions Options { get; }

    internal TimeProvider Time { get; }

    internal PendingAuthorizationStore Pending { get; }

    internal FaultRegistry Faults { get; } = new();

    internal RequestLog Requests { get; } = new();

    internal TokenExchangeCounters Exchanges { get; } = new();

    /// <summary>Adds a fault (see <see cref="SandboxFault"/> for its semantics).</summary>
    /// <exception cref="ArgumentException">The fault has an unsupported status or negative numbers.</exception>
    public SandboxFaultStatus InjectFault(SandboxFault fault) => Faults.Add(fault);

    /// <summary>Removes every fault.</summary>
    public void ClearFaults() => Faults.Clear();

    /// <summary>The faults in force and what is left of them.</summary>
    public IReadOnlyList<SandboxFaultStatus> GetFaults() => Faults.Describe();

    /// <summary>OAuth grants of a provider.</summary>
    /// <exception cref="ArgumentException">No part emulates the provider.</exception>
    public IReadOnlyList<OAuthGrantInfo> GetGrants(SandboxProvider provider) => Emulated(provider).Tokens.Describe();

    /// <summary>Token-endpoint requests with this grant type ("authorization_code", "refresh_token") that reached the handler, successful or not.</summary>
    public int TokenExchangeCount(SandboxProvider provider, string grantType) => Exchanges.Attempts(provider, grantType);

    /// <summary>Token-endpoint requests with this grant type that returned tokens.</summary>
    public int SuccessfulTokenExchangeCount(SandboxProvider provider, string grantType) => Exchanges.Successes(provider, grantType);

    /// <summary>The last 500 provider requests, oldest first.</summary>
    public IReadOnlyList<SandboxRequestLogEntry> GetRequestLog() => Requests.Describe();

    /// <summary>Every provider request since the start or the last <see cref="Reset"/>, counted by route and method (the log keeps only 500).</summary>
    public IReadOnlyList<SandboxRequestCount> GetRequestCounts() => Requests.Counts();

    /// <summary>Makes every access token (of one provider, or of all) expire now; returns how many were live.</summary>
    /// <exception cref="ArgumentException">No part emulates the provider.</exception>
    public int ExpireAccessTokens(SandboxProvider? provider = null) =>
        provider is { } one ? Emulated(one).Tokens.ExpireAccessTokens() : _providers.Values.Sum(emulated => emulated.Tokens.ExpireAccessTokens());

    /// <summary>Forgets everything (users, grants, meetings, events, faults, counters, log) and re-creates the known accounts.</summary>
    public void Reset()
    {
        foreach (IEmulatedProvider provider in _providers.Values)
        {
            provider.Reset();
        }

        Pending.Clear();
        Faults.Clear();
        Requests.Clear();
        Exchanges.Clear();
    }

    /// <summary>Tokens for an account as if it had gone through the consent pages (handy for adapter tests).</summary>
    /// <param name="provider">Which provider.</param>
    /// <param name="email">The account; created when unknown.</param>
    /// <param name="scopes">Granted scopes; default what the provider's app asks for.</param>
    /// <exception cref="ArgumentException">No part emulates the provider.</exception>
    public SandboxIssuedTokens IssueTokens(SandboxProvider provider, string email, IEnumerable<string>? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        string? name = Options.KnownAccounts.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase))?.DisplayName;
        IssuedTokens issued = Emulated(provider).IssueTokens(email, name, scopes);
        return new SandboxIssuedTokens(issued.AccessToken, issued.RefreshToken, issued.ExpiresIn, issued.Grant.Scope, issued.Grant.AccountId);
    }

    /// <summary>Everything held, as served by <c>GET /_sandbox/state</c> (each provider under its path).</summary>
    public ProviderSandboxSnapshot GetSnapshot() => new(Exchanges.Describe(), Faults.Describe(), Requests.Describe())
    {
        Providers = _providers.OrderBy(provider => provider.Key.Path, StringComparer.Ordinal)
            .ToDictionary(provider => provider.Key.Path, provider => provider.Value.Describe(), StringComparer.Ordinal),
    };

    /// <summary>What a provider holds, for its folder's typed members.</summary>
    internal T Emulated<T>(SandboxProvider provider)
        where T : IEmulatedProvider => (T)Emulated(provider);

    private IEmulatedProvider Emulated(SandboxProvider provider) =>
        _providers.TryGetValue(provider, out IEmulatedProvider? emulated)
            ? emulated
            : throw new ArgumentException($"No sandbox part emulates '{provider}'; expected {SandboxProviderNames.Expected}.", nameof(provider));
}
