using InsightGig.Domain.Common;

namespace InsightGig.Domain.Integrations;

/// <summary>
/// One OAuth authorization in flight: the state sent to the provider, bound to the person who started it,
/// usable once and only for a few minutes. Kept afterwards as history of who linked what, when.
/// </summary>
public sealed class AccountLinkAttempt : Entity
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private AccountLinkAttempt()
    {
    }

    private AccountLinkAttempt(Guid id, Guid personId, string provider, string state, string protectedCodeVerifier, string redirectUri, string returnUrl, DateTimeOffset nowUtc)
        : base(id)
    {
        PersonId = personId;
        Provider = provider;
        State = state;
        ProtectedCodeVerifier = protectedCodeVerifier;
        RedirectUri = redirectUri;
        ReturnUrl = returnUrl;
        CreatedAtUtc = nowUtc;
        ExpiresAtUtc = nowUtc + Lifetime;
    }

    public Guid PersonId { get; private set; }

    public string Provider { get; private set; } = string.Empty;

    /// <summary>The OAuth <c>state</c>: 256 random bits, unguessable.</summary>
    public string State { get; private set; } = string.Empty;

    /// <summary>The PKCE code verifier, encrypted at rest like tokens.</summary>
    public string ProtectedCodeVerifier { get; private set; } = string.Empty;

    /// <summary>The exact redirect URI sent in the authorization request; the token exchange must repeat it.</summary>
    public string RedirectUri { get; private set; } = string.Empty;

    /// <summary>The local page to return to afterwards.</summary>
    public string ReturnUrl { get; private set; } = "/";

    public DateTimeOffset CreatedAtUtc { get; private set; }

    public DateTimeOffset ExpiresAtUtc { get; private set; }

    public DateTimeOffset? CompletedAtUtc { get; private set; }

    /// <summary>How it ended: "linked", or the error code that stopped it.</summary>
    public string? Outcome { get; private set; }

    public static AccountLinkAttempt Start(Guid id, Guid personId, string provider, string state, string protectedCodeVerifier, string redirectUri, string returnUrl, DateTimeOffset nowUtc) =>
        new(id, Guard.NotEmpty(personId, nameof(personId)), Guard.NotBlank(provider, 50, nameof(provider)), Guard.NotBlank(state, 200, nameof(state)),
            Guard.NotBlank(protectedCodeVerifier, 2000, nameof(protectedCodeVerifier)), Guard.NotBlank(redirectUri, 2048, nameof(redirectUri)),
            Guard.NotBlank(returnUrl, 2048, nameof(returnUrl)), nowUtc);

    /// <summary>
    /// Uses the attempt up, for the person who started it. A second use, another person's callback, or a late one is refused,
    /// so a replayed or forged callback links nothing.
    /// </summary>
    public Result Consume(Guid personId, string provider, DateTimeOffset nowUtc)
    {
        if (personId != PersonId || !string.Equals(provider, Provider, StringComparison.Ordinal))
        {
            return Error.Validation("link.state_mismatch", "This sign-in response does not belong to you. Please start linking again.");
        }

        if (CompletedAtUtc is not null)
        {
            return Error.Validation("link.state_used", "This sign-in response was already used. Please start linking again.");
        }

        CompletedAtUtc = nowUtc;
        if (nowUtc > ExpiresAtUtc)
        {
            Outcome = "expired";
            return Error.Validation("link.state_expired", "The sign-in took too long and expired. Please start linking again.");
        }

        return Result.Success();
    }

    public void RecordOutcome(string outcome) => Outcome = Guard.NotBlank(outcome, 100, nameof(outcome));
}
