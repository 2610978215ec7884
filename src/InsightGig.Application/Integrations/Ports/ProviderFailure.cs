namespace InsightGig.Application.Integrations.Ports;

/// <summary>Why a provider call did not succeed, in terms a use case can act on.</summary>
public enum ProviderFailureKind
{
    /// <summary>The user has no usable link to this provider yet.</summary>
    NotConnected,
    /// <summary>The provider no longer honours the grant (<c>invalid_grant</c>, revoked); the user must link again.</summary>
    ReconnectNeeded,
    /// <summary>Worth retrying later: 5xx, 429, timeouts, network errors. <see cref="ProviderFailure.RetryAfter"/> may say when.</summary>
    Transient,
    /// <summary>The provider refused the request as invalid; retrying the same request will not help.</summary>
    Rejected,
    NotFound,
    /// <summary>The thing already exists (for example an event id we chose was inserted by an earlier try).</summary>
    Conflict,
    /// <summary>
    /// The provider's allowance for this account is used up until <see cref="ProviderFailure.RetryAfter"/> has passed (a
    /// daily limit): trying sooner cannot succeed. <see cref="ProviderFailure.Message"/> tells the user plainly, with the
    /// provider's figures and when it goes through.
    /// </summary>
    QuotaExhausted,
}

/// <summary>A failed provider call. <see cref="Message"/> is safe to show to the user (no tokens, no raw bodies).</summary>
public sealed record ProviderFailure(string Provider, ProviderFailureKind Kind, string Message, TimeSpan? RetryAfter = null);

/// <summary>The outcome of a provider call: a value or a <see cref="ProviderFailure"/>.</summary>
public readonly struct ProviderResult<T>
{
    private ProviderResult(T? value, ProviderFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public ProviderFailure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public static ProviderResult<T> Ok(T value) => new(value, null);

    public static ProviderResult<T> Fail(ProviderFailure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));

    public static implicit operator ProviderResult<T>(ProviderFailure failure) => Fail(failure);
}

/// <summary>The value of a provider call that returns nothing.</summary>
public readonly record struct Done
{
    public static readonly Done Value;
}
