using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Providers.Http;
using InsightGig.Infrastructure.Providers.Quotas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>
/// Zoom meetings through the organizer's linked Zoom account (API v2: <c>POST users/me/meetings</c>,
/// <c>GET/PATCH/DELETE meetings/{meetingId}</c>). Tokens come from <see cref="IAccessTokenSource"/>; a 401 gets one forced
/// refresh and one more try. Each call first takes its permits from Zoom's quotas (<see cref="ZoomQuotas"/>).
/// </summary>
public sealed partial class ZoomMeetingProvider(
    HttpClient http,
    IAccessTokenSource tokens,
    ProviderQuotaGate quotas,
    IOptions<ZoomOptions> options,
    TimeProvider time,
    ILogger<ZoomMeetingProvider> logger) : IVideoMeetingProvider
{
    /// <summary>Zoom's limits (OpenAPI: topic maxLength 200, agenda maxLength 2000).</summary>
    public const int MaxTopicLength = 200;

    public const int MaxAgendaLength = 2000;

    /// <summary>Zoom meeting type 2: scheduled.</summary>
    private const int ScheduledMeeting = 2;

    private readonly Uri _apiBase = ApiBase(options.Value);

    public string Key => ZoomProvider.Key;

    public string DisplayName => ZoomFailures.DisplayName;

    public string ConnectionProvider => ZoomProvider.Key;

    public async Task<ProviderResult<VideoMeetingDetails>> CreateMeetingAsync(Guid organizerId, VideoMeetingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = Body(request);
        var result = await CallAsync(
            organizerId,
            "create meeting",
            ZoomQuotas.MeetingChange,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(_apiBase, "users/me/meetings")) { Content = JsonContent.Create(body, options: ZoomJson.Options) },
            async (response, ct) => await response.Content.ReadFromJsonAsync<ZoomMeetingResource>(ZoomJson.Options, ct),
            cancellationToken);
        return result.IsSuccess ? Details(result.Value!, request) : result.Failure!;
    }

    public async Task<ProviderResult<VideoMeetingDetails>> GetMeetingAsync(Guid organizerId, string providerMeetingId, CancellationToken cancellationToken)
    {
        if (MeetingPath(providerMeetingId) is not { } path)
        {
            return NoSuchMeeting(providerMeetingId);
        }

        var result = await CallAsync(
            organizerId,
            "get meeting",
            ZoomQuotas.Call,
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_apiBase, path)),
            async (response, ct) => await response.Content.ReadFromJsonAsync<ZoomMeetingResource>(ZoomJson.Options, ct),
            cancellationToken);
        return result.IsSuccess ? Details(result.Value!, fallback: null) : result.Failure!;
    }

    public async Task<ProviderResult<Done>> UpdateMeetingAsync(Guid organizerId, string providerMeetingId, VideoMeetingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MeetingPath(providerMeetingId) is not { } path)
        {
            return NoSuchMeeting(providerMeetingId);
        }

        var body = Body(request);
        return await CallAsync(
            organizerId,
            "update meeting",
            ZoomQuotas.MeetingChange,
            () => new HttpRequestMessage(HttpMethod.Patch, new Uri(_apiBase, path)) { Content = JsonContent.Create(body, options: ZoomJson.Options) },
            (_, _) => Task.FromResult(Done.Value),
            cancellationToken);
    }

    public async Task<ProviderResult<Done>> DeleteMeetingAsync(Guid organizerId, string providerMeetingId, CancellationToken cancellationToken)
    {
        if (MeetingPath(providerMeetingId) is not { } path)
        {
            return ProviderResult<Done>.Ok(Done.Value); // no such meeting can exist: already gone
        }

        var result = await CallAsync(
            organizerId,
            "delete meeting",
            ZoomQuotas.Call,
            () => new HttpRequestMessage(HttpMethod.Delete, new Uri(_apiBase, path)),
            (_, _) => Task.FromResult(Done.Value),
            cancellationToken);
        return result.Failure?.Kind == ProviderFailureKind.NotFound ? ProviderResult<Done>.Ok(Done.Value) : result;
    }

    internal static Uri ApiBase(ZoomOptions options) =>
        new(options.ApiBaseUrl.EndsWith('/') ? options.ApiBaseUrl : options.ApiBaseUrl + "/", UriKind.Absolute);

    /// <summary>The create/update body: a scheduled meeting at a GMT start, shown in the organizer's zone.</summary>
    internal static ZoomMeetingBody Body(VideoMeetingRequest request) => new()
    {
        Topic = Truncate(request.Title.Trim(), MaxTopicLength),
        Type = ScheduledMeeting,
        StartTime = request.StartUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Duration = Math.Max(1, (int)Math.Ceiling(request.Duration.TotalMinutes)),
        Timezone = request.TimeZoneId,
        Agenda = Truncate(request.Description, MaxAgendaLength),
    };

    /// <summary>Cuts to <paramref name="max"/> UTF-16 units without splitting a surrogate pair.</summary>
    internal static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }

    /// <summary><c>meetings/{id}</c> for a Zoom meeting id (an int64), or null when the id cannot be one.</summary>
    private static string? MeetingPath(string providerMeetingId) =>
        long.TryParse(providerMeetingId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? "meetings/" + id.ToString(CultureInfo.InvariantCulture)
            : null;

    private static ProviderFailure NoSuchMeeting(string providerMeetingId) =>
        ZoomFailures.Fail(ProviderFailureKind.NotFound, $"'{providerMeetingId}' is not a Zoom meeting id.");

    private ProviderResult<VideoMeetingDetails> Details(ZoomMeetingResource meeting, VideoMeetingRequest? fallback)
    {
        if (meeting.Id <= 0 || string.IsNullOrEmpty(meeting.JoinUrl))
        {
            return ProviderCallFailures.UnreadableAnswer(Key, DisplayName);
        }

        return ProviderResult<VideoMeetingDetails>.Ok(new VideoMeetingDetails(
            meeting.Id.ToString(CultureInfo.InvariantCulture),
            meeting.JoinUrl,
            meeting.StartTime?.ToUniversalTime() ?? fallback?.StartUtc ?? default,
            meeting.Duration is { } minutes ? TimeSpan.FromMinutes(minutes) : fallback?.Duration ?? TimeSpan.Zero,
            meeting.Topic ?? fallback?.Title ?? string.Empty));
    }

    /// <summary>
    /// Sends one API call with the organizer's token. A 401 gets one forced refresh (when the token source can do it) and
    /// one more try; other failures are mapped by <see cref="ZoomFailures"/>.
    /// </summary>
    private async Task<ProviderResult<T>> CallAsync<T>(
        Guid organizerId,
        string operation,
        IReadOnlyList<ProviderQuota> quota,
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T?>> readAnswer,
        CancellationToken cancellationToken)
    {
        if (await quotas.AcquireAsync(quota, organizerId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var token = await tokens.GetAccessTokenAsync(organizerId, ConnectionProvider, cancellationToken);
        var refreshedAfter401 = false;
        while (true)
        {
            if (!token.IsSuccess)
            {
                return token.Failure!;
            }

            using var request = createRequest();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshedAfter401 && tokens is IAccessTokenRefresher refresher)
                {
                    LogRetryingAfter401(logger, operation);
                    refreshedAfter401 = true;
                    token = await refresher.RefreshRejectedTokenAsync(organizerId, ConnectionProvider, token.Value!, cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    var failure = await ZoomFailures.FromApiAnswerAsync(response, time, cancellationToken);
                    LogApiFailure(logger, operation, (int)response.StatusCode, failure.Kind);
                    return failure;
                }

                var answer = await readAnswer(response, cancellationToken);
                return answer is null ? ProviderCallFailures.UnreadableAnswer(Key, DisplayName) : ProviderResult<T>.Ok(answer);
            }
            catch (JsonException)
            {
                return ProviderCallFailures.UnreadableAnswer(Key, DisplayName);
            }
            catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
            {
                LogTransport(logger, operation, exception.GetType().Name);
                return ProviderCallFailures.Transport(Key, DisplayName, exception);
            }
        }
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Zoom {Operation} answered 401; renewing the token and trying once more")]
    private static partial void LogRetryingAfter401(ILogger logger, string operation);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Warning, Message = "Zoom {Operation} answered {Status} ({Kind})")]
    private static partial void LogApiFailure(ILogger logger, string operation, int status, ProviderFailureKind kind);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Warning, Message = "Zoom {Operation} got no answer ({Exception})")]
    private static partial void LogTransport(ILogger logger, string operation, string exception);
}
