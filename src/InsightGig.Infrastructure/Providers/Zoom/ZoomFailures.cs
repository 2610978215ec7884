using System.Net;
using System.Text.Json;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Providers.Http;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>Zoom's error answers as <see cref="ProviderFailure"/>s; messages carry Zoom's own text, never a token or a raw body.</summary>
internal static class ZoomFailures
{
    public const string DisplayName = "Zoom";

    /// <summary>Zoom's codes for a token that lacks a scope the call needs.</summary>
    private static readonly int[] MissingScopeCodes = [4700, 4711];

    private const int MaxDetailLength = 300;

    public static async Task<ProviderFailure> FromApiAnswerAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        var error = await TryReadAsync<ZoomApiError>(response, cancellationToken);
        var detail = Detail(error);
        var status = response.StatusCode;
        if (IsDailyLimit(response, error))
        {
            // Trying again before the reset cannot succeed: say so, with Zoom's figures, and when it goes through.
            var resetsAt = ZoomQuotas.NextReset(time.GetUtcNow());
            return Fail(ProviderFailureKind.QuotaExhausted, ZoomQuotas.DailyLimitMessage(resetsAt), resetsAt - time.GetUtcNow());
        }

        if (ProviderHttpResilience.IsTransientStatus(status))
        {
            return Fail(ProviderFailureKind.Transient, $"Zoom is busy or unavailable ({(int)status}); please try again later.", ProviderHttpResilience.RetryAfter(response, time));
        }

        if (error?.Code is { } code && MissingScopeCodes.Contains(code))
        {
            return Fail(ProviderFailureKind.ReconnectNeeded, "Zoom did not give InsightGig permission to manage your meetings. Link Zoom again and allow it.");
        }

        return status switch
        {
            HttpStatusCode.NotFound => Fail(ProviderFailureKind.NotFound, $"Zoom has no such meeting{Suffix(detail)}"),
            HttpStatusCode.Conflict => Fail(ProviderFailureKind.Conflict, $"Zoom reports a conflict{Suffix(detail)}"),
            HttpStatusCode.Unauthorized => Fail(ProviderFailureKind.Rejected, $"Zoom did not accept InsightGig's access to your account{Suffix(detail)}"),
            _ => Fail(ProviderFailureKind.Rejected, $"Zoom refused the request ({(int)status}){Suffix(detail)}"),
        };
    }

    /// <summary>
    /// Zoom's 429 for a daily limit (as opposed to a per-second one): its <c>X-RateLimit-Type</c> header says
    /// <c>Daily-limit</c>, or its message speaks of the daily limit.
    /// </summary>
    internal static bool IsDailyLimit(HttpResponseMessage response, ZoomApiError? error) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        && ((response.Headers.TryGetValues("X-RateLimit-Type", out var types) && types.Any(t => t.Contains("daily", StringComparison.OrdinalIgnoreCase)))
            || (error?.Message?.Contains("daily", StringComparison.OrdinalIgnoreCase) ?? false));

    public static async Task<T?> TryReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<T>(text, ZoomJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ProviderFailure Fail(ProviderFailureKind kind, string message, TimeSpan? retryAfter = null) =>
        new(ZoomProvider.Key, kind, message, retryAfter);

    private static string? Detail(ZoomApiError? error)
    {
        if (error?.Message is not { Length: > 0 } message)
        {
            return null;
        }

        var fields = error.Errors is { Count: > 0 } errors
            ? " " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))
            : string.Empty;
        var detail = message + fields;
        return detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail;
    }

    private static string Suffix(string? detail) => detail is null ? "." : $": {detail}";
}
