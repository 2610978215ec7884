using System.Globalization;
using System.Net;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>Graph's error answers as <see cref="ProviderFailure"/>s; messages carry Graph's own text, never a token or a raw body.</summary>
internal static class GraphFailures
{
    private const int MaxDetailLength = 300;

    public static ProviderFailure Fail(ProviderFailureKind kind, string message, TimeSpan? retryAfter = null) =>
        new(MicrosoftProvider.Key, kind, message, retryAfter);

    /// <param name="what">What was asked for, in the not-found message ("event", "account").</param>
    public static ProviderFailure From(ApiException exception, TimeProvider time, string what)
    {
        var status = (HttpStatusCode)exception.ResponseStatusCode;
        var detail = Detail(exception);
        if (ProviderHttpResilience.IsTransientStatus(status))
        {
            return Fail(ProviderFailureKind.Transient, $"Microsoft Graph is busy or unavailable ({(int)status}); please try again later.", RetryAfter(exception, time));
        }

        return status switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone => Fail(ProviderFailureKind.NotFound, $"Outlook has no such {what}{Suffix(detail)}"),
            HttpStatusCode.Conflict => Fail(ProviderFailureKind.Conflict, $"Outlook reports a conflict{Suffix(detail)}"),
            // A 403 on a calendar call: the grant lacks Calendars.ReadWrite (unticked at consent, or withdrawn).
            HttpStatusCode.Forbidden => Fail(ProviderFailureKind.ReconnectNeeded,
                "Microsoft did not give InsightGig permission to manage your calendar. Sign in with Microsoft again and allow it."),
            HttpStatusCode.Unauthorized => Fail(ProviderFailureKind.ReconnectNeeded, "Microsoft no longer accepts InsightGig's access to your account. Please sign in with Microsoft again."),
            _ => Fail(ProviderFailureKind.Rejected, $"Microsoft Graph refused the request ({(int)status}){Suffix(detail)}"),
        };
    }

    /// <summary>Graph's error code (<c>ErrorItemNotFound</c>, <c>SyncStateNotFound</c>, ...), if the answer had one.</summary>
    public static string? Code(ApiException exception) => (exception as ODataError)?.Error?.Code;

    /// <summary><c>Retry-After</c> of the answer (seconds or an HTTP date), if any.</summary>
    public static TimeSpan? RetryAfter(ApiException exception, TimeProvider time)
    {
        if (exception.ResponseHeaders is not { } headers)
        {
            return null;
        }

        var value = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
            : null;
    }

    private static string? Detail(ApiException exception)
    {
        if ((exception as ODataError)?.Error?.Message is not { Length: > 0 } message)
        {
            return null;
        }

        // Graph's messages are plain sentences; control characters would only come from a broken or hostile answer.
        var clean = new string([.. message.Where(c => !char.IsControl(c))]);
        return clean.Length > MaxDetailLength ? clean[..MaxDetailLength] : clean;
    }

    private static string Suffix(string? detail) => detail is null ? "." : $": {detail}";
}
