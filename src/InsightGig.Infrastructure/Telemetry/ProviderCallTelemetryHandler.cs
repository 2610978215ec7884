using System.Diagnostics;
using System.Net;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Telemetry;

/// <summary>
/// Counts and times every call of one provider's HTTP client as its caller sees it (outside the retry policy, so a call
/// retried three times is one call with the outcome of its last try), tagged with the provider's descriptor key, and
/// tells <see cref="ProviderReachability"/> (the readiness report) whether it got an answer.
/// </summary>
internal sealed class ProviderCallTelemetryHandler(string provider, ProviderReachability reachability) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            Record(OutcomeOf(response.StatusCode), started);
            return response;
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken) || exception is OperationCanceledException)
        {
            var outcome = cancellationToken.IsCancellationRequested ? ProviderCallOutcome.Cancelled : ProviderCallOutcome.TransportError;
            Record(outcome, started);
            throw;
        }
    }

    private void Record(ProviderCallOutcome outcome, long started)
    {
        InsightGigTelemetry.RecordProviderCall(provider, outcome, Stopwatch.GetElapsedTime(started));
        reachability.Observe(provider, outcome);
    }

    internal static ProviderCallOutcome OutcomeOf(HttpStatusCode status) => (int)status switch
    {
        < 400 => ProviderCallOutcome.Success,
        401 or 403 => ProviderCallOutcome.Unauthorized,
        429 => ProviderCallOutcome.RateLimited,
        408 or >= 500 => ProviderCallOutcome.ServerError,
        _ => ProviderCallOutcome.ClientError,
    };
}
