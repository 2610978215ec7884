namespace InsightGig.ProviderSandbox;

/// <summary>
/// A fault to inject into a provider's endpoints. JSON: <c>{"provider":"zoom","target":"api","method":"DELETE","latencyMs":0,"failNext":2,"status":429,"retryAfterSeconds":1,"hang":false,"hangAfterHandling":false,"failAfterHandling":false,"invalidGrant":false}</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Method"/> narrows the fault to requests with that HTTP method (a create that succeeds and the delete after
/// it that fails); every method when not set.</item>
/// <item><see cref="LatencyMs"/> delays every matching request (successful or not) until the faults are cleared.</item>
/// <item><see cref="Status"/> answers matching requests with that status and the provider's error body (429 always carries <c>Retry-After</c>):
/// the next <see cref="FailNext"/> of them, or all of them until cleared when <see cref="FailNext"/> is not set.
/// <see cref="FailNext"/> without <see cref="Status"/> means 503.</item>
/// <item><see cref="Hang"/> makes matching requests not answer for 110 s (a client sees a timeout); counted like failures.</item>
/// <item><see cref="HangAfterHandling"/> lets matching requests take effect (a meeting is made, an event moved) and then withholds
/// the answer as <see cref="Hang"/> does: a response lost after the provider acted; counted like failures.</item>
/// <item><see cref="FailAfterHandling"/> lets matching requests take effect and then answers <see cref="Status"/> (503 when not set)
/// with the provider's error body instead of the result: a provider that acted and then failed (a gateway's 5xx after the backend
/// committed); counted like failures.</item>
/// <item><see cref="InvalidGrant"/> makes the next refresh-token exchange (or the next <see cref="FailNext"/> ones) fail with
/// <c>invalid_grant</c> and revokes the grant it names, as when a person disconnects the app.</item>
/// </list>
/// </remarks>
public sealed record SandboxFault
{
    /// <summary>The provider whose endpoints misbehave.</summary>
    public required SandboxProvider Provider { get; init; }

    /// <summary>Which endpoints; default all.</summary>
    public SandboxFaultTarget Target { get; init; } = SandboxFaultTarget.All;

    /// <summary>Only requests with this HTTP method (GET, POST, PUT, PATCH or DELETE); every method when null.</summary>
    public string? Method { get; init; }

    /// <summary>Added delay per matching request, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>How many matching requests fail (or hang, or refreshes fail for <see cref="InvalidGrant"/>).</summary>
    public int? FailNext { get; init; }

    /// <summary>HTTP status to answer with: 429, 500, 502, 503 or 504.</summary>
    public int? Status { get; init; }

    /// <summary><c>Retry-After</c> seconds (429 defaults to 1; other statuses carry it only when set).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Never answer within 100 s.</summary>
    public bool Hang { get; init; }

    /// <summary>Do what the request asks, then never answer within 100 s.</summary>
    public bool HangAfterHandling { get; init; }

    /// <summary>Do what the request asks, then answer <see cref="Status"/> as if it had failed.</summary>
    public bool FailAfterHandling { get; init; }

    /// <summary>Fail the next refresh with <c>invalid_grant</c> and revoke that grant.</summary>
    public bool InvalidGrant { get; init; }
}
