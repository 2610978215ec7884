using System.ComponentModel.DataAnnotations;

namespace InsightGig.Infrastructure.Providers.Http;

/// <summary>
/// Time limits and retries for one provider's HTTP calls (<c>Providers:{Name}:Http</c>). The defaults suit the real
/// providers; tests shorten them.
/// </summary>
public sealed class ProviderHttpOptions : IValidatableObject
{
    /// <summary>How long one try may take before it is abandoned.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one try at a provider's token endpoint may take (the OAuth clients' calls). Longer than
    /// <see cref="AttemptTimeout"/>: a token exchange abandoned by us may still have been processed, and a provider that
    /// rotates refresh tokens and invalidates the old one then no longer accepts the refresh token we kept.
    /// Bounded in turn by the token source's own limit (<c>AccessTokenSource.RefreshCallLimit</c>, inside its lease).
    /// </summary>
    public TimeSpan TokenExchangeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The per-try limit token endpoints get: <see cref="TokenExchangeTimeout"/>, never shorter than
    /// <see cref="AttemptTimeout"/>; when a setting makes <see cref="TotalTimeout"/> no longer than it, the ordinary
    /// <see cref="AttemptTimeout"/> (a try must end inside the whole call).
    /// </summary>
    public TimeSpan EffectiveTokenExchangeTimeout =>
        TokenExchangeTimeout < TotalTimeout ? (TokenExchangeTimeout > AttemptTimeout ? TokenExchangeTimeout : AttemptTimeout) : AttemptTimeout;

    /// <summary>How long a call may take in all, retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first try (only for answers that are worth retrying).</summary>
    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First back-off delay (exponential with jitter) when the provider sent no <c>Retry-After</c>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> waited for inside a call. A provider asking for a longer pause gets it from the
    /// caller instead: the call fails as transient with that delay.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > TimeSpan.FromMinutes(2))
        {
            yield return new ValidationResult("AttemptTimeout must be between 0 and 2 minutes.", [nameof(AttemptTimeout)]);
        }

        if (TotalTimeout <= AttemptTimeout || TotalTimeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("TotalTimeout must be longer than AttemptTimeout and at most 5 minutes.", [nameof(TotalTimeout)]);
        }

        if (TokenExchangeTimeout <= TimeSpan.Zero || TokenExchangeTimeout > TimeSpan.FromMinutes(2))
        {
            yield return new ValidationResult("TokenExchangeTimeout must be between 0 and 2 minutes.", [nameof(TokenExchangeTimeout)]);
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromSeconds(30))
        {
            yield return new ValidationResult("RetryBaseDelay must be between 0 and 30 seconds.", [nameof(RetryBaseDelay)]);
        }

        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter >= TotalTimeout)
        {
            yield return new ValidationResult("MaxRetryAfter must be between 0 and TotalTimeout.", [nameof(MaxRetryAfter)]);
        }
    }
}
