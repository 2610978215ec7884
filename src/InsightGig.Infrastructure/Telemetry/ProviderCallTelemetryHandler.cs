using System.Diagnostics;
using System.Net;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Telemetry;

/// <summary>
/// Counts and times every call of one provider's HTTP client as its caller sees it (outside the retry policy, so a call
/// retried three times is one call with the outcome of its last try), tagged with the provider's descriptor key.
/// </summary>
internal sealed class ProviderCallTelemetryHandler(string provider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            InsightGigTelemetry.RecordProviderCall(provider, OutcomeOf(response.StatusCode), Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken) || exception is OperationCanceledException)
        {
            var outcome = cancellationToken.IsCancellationRequested ? ProviderCallOutcome.Cancelled : ProviderCallOutcome.TransportError;
            InsightGigTelemetry.RecordProviderCall(provider, outcome, Stopwatch.GetElapsedTime(started));
            throw;
        }
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
