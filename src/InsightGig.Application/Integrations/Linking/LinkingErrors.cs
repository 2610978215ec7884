using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;

namespace InsightGig.Application.Integrations.Linking;

internal static class LinkingErrors
{
    public static Error UnknownProvider(string provider) =>
        Error.Validation("link.unknown_provider", $"'{provider}' is not a provider InsightGig can link.", "Provider");

    public static Error UnknownState() =>
        Error.Validation("link.state_unknown", "This sign-in response is not one InsightGig asked for. Please start linking again.");

    /// <summary>Another callback with the same state got there first (the same words as <c>AccountLinkAttempt.Consume</c> for a replay).</summary>
    public static Error AlreadyUsed() =>
        Error.Validation("link.state_used", "This sign-in response was already used. Please start linking again.");

    public static Error Declined(string displayName) =>
        Error.Validation("link.declined", $"You did not allow InsightGig to use your {displayName} account, so nothing was linked.");

    public static Error ProviderFailed(string displayName, ProviderFailure failure) =>
        failure.Kind == ProviderFailureKind.Transient
            ? Error.Unavailable("link.provider_unavailable", $"{displayName} could not complete the sign-in right now (no answer, or an error on its side). Nothing was changed; please try again in a moment.")
            : Error.Validation("link.provider_refused", $"{displayName} refused the sign-in ({failure.Message}). Nothing was changed; please try again.");
}
