using System.Net;
using System.Net.Http.Headers;
using InsightGig.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace InsightGig.Infrastructure.Providers.Http;

/// <summary>
/// The one retry policy of every provider HTTP client: the strategies of Microsoft's standard resilience handler (total
/// timeout → retry → circuit breaker → attempt timeout) with our rule of what may be retried, on the system clock.
/// </summary>
/// <remarks>
/// Retried: 408, 429, 5xx, timeouts and network errors, waiting as long as <c>Retry-After</c> says. A POST creates something,
/// so it is retried only when the answer proves it was not processed (429, 503) or the connection was never made; after a
/// timeout or a 500 it may have been processed and is not sent again. A POST that is safe to repeat (the provider dedupes it,
/// for example a Calendar insert with our own event id) is marked with <see cref="RetrySafe"/>.
/// </remarks>
public static class ProviderHttpResilience
{
    /// <summary>Marks a request as safe to send again whatever happened to the first try.</summary>
    public static readonly HttpRequestOptionsKey<bool> RetrySafe = new("InsightGig.Providers.RetrySafe");

    /// <param name="provider">The provider's descriptor key: the calls are counted under it (outside the retries).</param>
    /// <param name="tokenEndpoint">
    /// The client of the provider's OAuth endpoints: one try may take <see cref="ProviderHttpOptions.EffectiveTokenExchangeTimeout"/>
    /// instead of <see cref="ProviderHttpOptions.AttemptTimeout"/>, because an exchange we stop waiting for may have been
    /// processed (and a rotated refresh token is then lost).
    /// </param>
    public static IHttpClientBuilder AddProviderResilience(
        this IHttpClientBuilder builder, string provider, Func<IServiceProvider, ProviderHttpOptions> settings, bool tokenEndpoint = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(settings);
        ProviderReachability.TryAddTo(builder.Services);
        builder.AddHttpMessageHandler(sp => new ProviderCallTelemetryHandler(provider, sp.GetRequiredService<ProviderReachability>()));
        builder.AddResilienceHandler("provider", (pipeline, context) =>
        {
            // Time-outs and the breaker's windows of real HTTP calls are wall-clock matters. Polly would take the app's
            // TimeProvider from the container: simulated in the benchmark, frozen in tests, where a hung call would then never
            // time out (or be cut when the simulated clock jumps). The quota gate, token expiry and the rest stay on the app's clock.
            pipeline.TimeProvider = TimeProvider.System;
            var http = settings(context.ServiceProvider);
            var attemptTimeout = tokenEndpoint ? http.EffectiveTokenExchangeTimeout : http.AttemptTimeout;
            // The standard resilience handler's strategies, in its order: rate limiter → total timeout → retry → circuit breaker → attempt timeout.
            pipeline
                .AddRateLimiter(new HttpRateLimiterStrategyOptions())
                .AddTimeout(new HttpTimeoutStrategyOptions { Name = "TotalRequestTimeout", Timeout = http.TotalTimeout })
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = http.MaxRetryAttempts,
                    Delay = http.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, http.MaxRetryAfter)),
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, attemptTimeout.Ticks * 2)),
                    ShouldHandle = args => ValueTask.FromResult(IsProviderFault(args.Outcome)),
                })
                .AddTimeout(new HttpTimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = attemptTimeout });
        });
        return builder;
    }

    /// <summary>Whether one failed try is worth another (see the class remarks).</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter)
    {
        var response = outcome.Result;
        var request = response?.RequestMessage ?? context.GetRequestMessage();
        var mayHaveBeenProcessed = request is not null && request.Method == HttpMethod.Post && !IsMarkedRetrySafe(request);

        if (response is not null)
        {
            var status = (int)response.StatusCode;
            if (status is not (408 or 429) && status < 500)
            {
                return false;
            }

            if (RetryAfter(response, TimeProvider.System) is { } wait && wait > maxRetryAfter)
            {
                // Too long to wait inside a call: the caller gets a transient failure with the delay.
                return false;
            }

            return !mayHaveBeenProcessed || status is 429 or 503;
        }

        return outcome.Exception switch
        {
            null => false,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            _ when mayHaveBeenProcessed => false,
            _ => HttpClientResiliencePredicates.IsTransient(outcome),
        };
    }

    /// <summary>
    /// Whether a failed try says the provider itself is in trouble, which is what the circuit breaker counts: 5xx, 408,
    /// timeouts and network errors. A 429 is not: it is a rate limit, often one user's or one app's, answered with a
    /// <c>Retry-After</c> that is honoured; counting it let a burst of one user's 429s refuse every user's calls.
    /// </summary>
    internal static bool IsProviderFault(Outcome<HttpResponseMessage> outcome) => outcome.Result is { } response
        ? IsTransientStatus(response.StatusCode) && response.StatusCode != HttpStatusCode.TooManyRequests
        : outcome.Exception is not null && HttpClientResiliencePredicates.IsTransient(outcome);

    /// <summary>The provider's <c>Retry-After</c> (seconds or a date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>408, 429 and 5xx: the provider may answer differently later.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) => (int)status is 408 or 429 or >= 500;

    private static bool IsMarkedRetrySafe(HttpRequestMessage request) =>
        request.Options.TryGetValue(RetrySafe, out var safe) && safe;
}
