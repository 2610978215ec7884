using System.Net;
using Google;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>Google API errors (<see cref="GoogleApiException"/>) as <see cref="ProviderFailure"/>s.</summary>
internal static class GoogleApiFailures
{
    /// <summary>403 reasons that are rate limits, not refusals.</summary>
    private static readonly string[] RateLimitReasons = ["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"];

    /// <summary>403 reasons meaning the grant lacks a scope.</summary>
    private static readonly string[] MissingScopeReasons = ["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"];

    private const int MaxMessageLength = 300;

    public static ProviderFailure From(GoogleApiException exception, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.HttpStatusCode;
        var reasons = exception.Error?.Errors?.Select(e => e.Reason).Where(r => !string.IsNullOrEmpty(r)).ToArray() ?? [];
        var googleMessage = Shorten(exception.Error?.Message);

        if (status == 0 || ProviderHttpResilience.IsTransientStatus(status))
        {
            return Fail(ProviderFailureKind.Transient, "Google Calendar is busy or unavailable; please try again later.", retryAfter);
        }

        if (status == HttpStatusCode.Forbidden)
        {
            if (reasons.Intersect(RateLimitReasons, StringComparer.Ordinal).Any())
            {
                return Fail(ProviderFailureKind.Transient, "Google Calendar asked InsightGig to slow down; please try again later.", retryAfter);
            }

            if (reasons.Intersect(MissingScopeReasons, StringComparer.Ordinal).Any()
                || googleMessage?.Contains("insufficient authentication scopes", StringComparison.OrdinalIgnoreCase) == true)
            {
                return Fail(
                    ProviderFailureKind.ReconnectNeeded,
                    "Google did not give InsightGig access to your calendar. Connect Google again and allow InsightGig to see and edit your calendar events.");
            }
        }

        return status switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone => Fail(ProviderFailureKind.NotFound, "Google Calendar has no such event."),
            HttpStatusCode.Conflict => Fail(ProviderFailureKind.Conflict, $"Google Calendar already has this event{Suffix(googleMessage)}"),
            HttpStatusCode.PreconditionFailed => Fail(ProviderFailureKind.Conflict, "The event changed in Google Calendar meanwhile."),
            HttpStatusCode.Unauthorized => Fail(ProviderFailureKind.Rejected, $"Google did not accept InsightGig's access to your calendar{Suffix(googleMessage)}"),
            _ => Fail(ProviderFailureKind.Rejected, $"Google Calendar refused the request ({(int)status}){Suffix(googleMessage)}"),
        };
    }

    public static ProviderFailure Fail(ProviderFailureKind kind, string message, TimeSpan? retryAfter = null) =>
        new(GoogleProvider.Key, kind, message, retryAfter);

    private static string? Shorten(string? message) =>
        string.IsNullOrWhiteSpace(message) ? null : message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;

    private static string Suffix(string? detail) => detail is null ? "." : $": {detail}";
}
