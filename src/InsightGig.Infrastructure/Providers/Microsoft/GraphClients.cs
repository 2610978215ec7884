using System.Collections.Concurrent;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>
/// Graph SDK clients over the unit's <see cref="IHttpClientFactory"/> client (<see cref="MicrosoftProvider.GraphHttpClient"/>:
/// the project's one resilience policy, and no Kiota retry/redirect handlers of its own, so there is one policy), each
/// authenticated with one person's access token from the project's token store (<see cref="StoredAccessToken"/>).
/// </summary>
public sealed class GraphClients(IHttpClientFactory httpClients, IOptions<MicrosoftOptions> options)
{
    public GraphServiceClient For(string accessToken) =>
        new(httpClients.CreateClient(MicrosoftProvider.GraphHttpClient),
            new BaseBearerTokenAuthenticationProvider(new StoredAccessToken(accessToken)),
            options.Value.GraphBase);
}

/// <summary>
/// The Graph SDK's token provider: the access token <see cref="Integrations.IAccessTokenSource"/> handed out for one
/// person (stored encrypted, refreshed under the connection's lease), never a token the SDK fetches itself.
/// </summary>
internal sealed class StoredAccessToken(string accessToken) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(accessToken);
}

/// <summary>Marks a Graph request as safe to send again (Graph dedupes it, e.g. a create with <c>transactionId</c>).</summary>
internal sealed class RetrySafeOption : IRequestOption
{
    public static readonly RetrySafeOption Instance = new();

    /// <summary>The key Kiota stores a request option under on the <see cref="HttpRequestMessage"/> (its type's full name).</summary>
    internal static readonly HttpRequestOptionsKey<IRequestOption> Key = new(typeof(RetrySafeOption).FullName!);
}

/// <summary>
/// Below the SDK, above the resilience handler: turns <see cref="RetrySafeOption"/> into the project's
/// <see cref="ProviderHttpResilience.RetrySafe"/> mark.
/// </summary>
internal sealed class GraphRetrySafeHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(RetrySafeOption.Key, out _))
        {
            request.Options.Set(ProviderHttpResilience.RetrySafe, true);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Graph allows 4 concurrent requests per app per mailbox; more answer 429. One gate per mailbox (person) in this process
/// keeps InsightGig's own calls under it (several app instances can still meet Graph's limit: its 429s are honoured).
/// </summary>
public sealed class MailboxGate
{
    public const int ConcurrentRequestsPerMailbox = 4;

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    public async Task<IDisposable> EnterAsync(Guid personId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(personId, _ => new SemaphoreSlim(ConcurrentRequestsPerMailbox, ConcurrentRequestsPerMailbox));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    /// <summary>How many more requests for this mailbox may start now (for tests and diagnostics).</summary>
    public int Available(Guid personId) => _gates.TryGetValue(personId, out var gate) ? gate.CurrentCount : ConcurrentRequestsPerMailbox;

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
