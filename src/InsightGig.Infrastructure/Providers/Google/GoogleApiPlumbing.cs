using System.Net.Http.Headers;
using Google.Apis.Http;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>Puts one person's access token on a Google.Apis request (<c>ClientServiceRequest.Credential</c>).</summary>
internal sealed class BearerTokenInterceptor(string accessToken) : IHttpExecuteInterceptor
{
    public Task InterceptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Turns Google.Apis' own retries off (one try per call): retries belong to the IHttpClientFactory pipeline underneath
/// (<see cref="ProviderHttpResilience"/>), so there is one retry policy, not two multiplying each other.
/// </summary>
internal sealed class NoGoogleRetries : IConfigurableHttpClientInitializer
{
    public void Initialize(ConfigurableHttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        httpClient.MessageHandler.NumTries = 1;
    }
}

/// <summary>What the final HTTP answer of a Google.Apis call said that its exception does not carry (<c>Retry-After</c>).</summary>
internal sealed class GoogleAnswerCapture
{
    public static readonly HttpRequestOptionsKey<GoogleAnswerCapture> Key = new("InsightGig.Google.AnswerCapture");

    public TimeSpan? RetryAfter { get; set; }
}

/// <summary>
/// Outermost handler of the Google API pipeline: records <c>Retry-After</c> of the answer that goes back to Google.Apis
/// into the request's <see cref="GoogleAnswerCapture"/>, so a 429/503 maps to a failure that says when to try again.
/// </summary>
internal sealed class GoogleAnswerCaptureHandler(TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Options.TryGetValue(GoogleAnswerCapture.Key, out var capture))
        {
            capture.RetryAfter = ProviderHttpResilience.RetryAfter(response, time);
        }

        return response;
    }
}
