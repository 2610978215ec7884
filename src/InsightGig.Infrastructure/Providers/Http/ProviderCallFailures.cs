using InsightGig.Application.Integrations.Ports;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace InsightGig.Infrastructure.Providers.Http;

/// <summary>Turns what can go wrong on the wire into <see cref="ProviderFailure"/>s a use case can act on.</summary>
public static class ProviderCallFailures
{
    /// <summary>
    /// A call that got no usable answer: network errors, timeouts (ours or HttpClient's), an open circuit. A cancellation
    /// asked for by the caller is not one of them: it propagates.
    /// </summary>
    public static bool IsTransport(Exception exception, CancellationToken callerToken) => exception switch
    {
        HttpRequestException => true,
        TimeoutRejectedException => true,
        BrokenCircuitException => true,
        IOException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    public static ProviderFailure Transport(string provider, string displayName, Exception exception) => exception switch
    {
        BrokenCircuitException => new ProviderFailure(
            provider, ProviderFailureKind.Transient, $"{displayName} is failing right now; InsightGig paused calls to it for a moment."),
        TimeoutRejectedException or OperationCanceledException => new ProviderFailure(
            provider, ProviderFailureKind.Transient, $"{displayName} did not answer in time."),
        _ => new ProviderFailure(provider, ProviderFailureKind.Transient, $"{displayName} could not be reached."),
    };

    public static ProviderFailure UnreadableAnswer(string provider, string displayName) =>
        new(provider, ProviderFailureKind.Transient, $"{displayName} sent an answer InsightGig could not read.");
}
