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

    /// <summary>Pages of the organizer's meetings read when looking for one a lost create made (300 each: Zoom's maximum).</summary>
    private const int MaxListPages = 20;

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
        if (!long.TryParse(providerMeetingId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return NoSuchMeeting(providerMeetingId);
        }

        var result = await GetMeetingResourceAsync(organizerId, id, cancellationToken);
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

    /// <summary>
    /// Zoom's create is not idempotent, and a process that dies after Zoom made the meeting but before we saved its id leaves
    /// it unknown to us. Zoom lists a user's meetings but searches none, and a list item's agenda is cut to 250 characters, so:
    /// the organizer's scheduled meetings with this topic and start are candidates, and the one whose full agenda (read with
    /// <c>GET /meetings/{id}</c>) ends with the meeting's tag (<see cref="Tag"/>) is ours.
    /// </summary>
    public async Task<ProviderResult<VideoMeetingDetails?>> FindMeetingMadeForAsync(Guid organizerId, VideoMeetingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = Body(request);
        string? pageToken = null;
        for (var page = 0; page < MaxListPages; page++)
        {
            var query = "users/me/meetings?type=scheduled&page_size=300" + (pageToken is null ? string.Empty : "&next_page_token=" + Uri.EscapeDataString(pageToken));
            var listed = await CallAsync(
                organizerId,
                "list meetings",
                ZoomQuotas.Call,
                () => new HttpRequestMessage(HttpMethod.Get, new Uri(_apiBase, query)),
                async (response, ct) => await response.Content.ReadFromJsonAsync<ZoomMeetingListPage>(ZoomJson.Options, ct),
                cancellationToken);
            if (!listed.IsSuccess)
            {
                return listed.Failure!;
            }

            foreach (var candidate in listed.Value!.Meetings ?? [])
            {
                if (candidate.Topic != body.Topic || candidate.StartTime?.ToUniversalTime() != request.StartUtc.ToUniversalTime())
                {
                    continue;
                }

                var full = await GetMeetingResourceAsync(organizerId, candidate.Id, cancellationToken);
                if (full.Failure?.Kind == ProviderFailureKind.NotFound)
                {
                    continue; // deleted since the list was read
                }

                if (!full.IsSuccess)
                {
                    return full.Failure!;
                }

                if (full.Value!.Agenda?.EndsWith(Tag(request.MeetingId), StringComparison.Ordinal) == true)
                {
                    var details = Details(full.Value, request);
                    return details.IsSuccess ? ProviderResult<VideoMeetingDetails?>.Ok(details.Value) : details.Failure!;
                }
            }

            pageToken = listed.Value.NextPageToken;
            if (string.IsNullOrEmpty(pageToken))
            {
                return ProviderResult<VideoMeetingDetails?>.Ok(null);
            }
        }

        // More meetings than we read: better to wait and try again than to say "none" while one may be there.
        return ZoomFailures.Fail(ProviderFailureKind.Transient, $"The organizer has more than {MaxListPages * 300} Zoom meetings; the search stopped before the end.");
    }

    private async Task<ProviderResult<ZoomMeetingResource>> GetMeetingResourceAsync(Guid organizerId, long id, CancellationToken cancellationToken) =>
        await CallAsync(
            organizerId,
            "get meeting",
            ZoomQuotas.Call,
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_apiBase, "meetings/" + id.ToString(CultureInfo.InvariantCulture))),
            async (response, ct) => await response.Content.ReadFromJsonAsync<ZoomMeetingResource>(ZoomJson.Options, ct),
            cancellationToken);

    /// <summary>
    /// The last line of every agenda we send: the InsightGig meeting the Zoom meeting belongs to. (Zoom's tracking fields would
    /// need an account admin to define them first; the agenda is the field every account has, and list and get answer.)
    /// </summary>
    internal static string Tag(Guid meetingId) => "\n\nInsightGig meeting " + meetingId.ToString("N", CultureInfo.InvariantCulture);

    internal static Uri ApiBase(ZoomOptions options) =>
        new(options.ApiBaseUrl.EndsWith('/') ? options.ApiBaseUrl : options.ApiBaseUrl + "/", UriKind.Absolute);

    /// <summary>The create/update body: a scheduled meeting at a GMT start, shown in the organizer's zone, its agenda ending with our tag.</summary>
    internal static ZoomMeetingBody Body(VideoMeetingRequest request) => new()
    {
        Topic = Truncate(request.Title.Trim(), MaxTopicLength),
        Type = ScheduledMeeting,
        StartTime = request.StartUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Duration = Math.Max(1, (int)Math.Ceiling(request.Duration.TotalMinutes)),
        Timezone = request.TimeZoneId,
        Agenda = Truncate(request.Description, MaxAgendaLength - Tag(request.MeetingId).Length) + Tag(request.MeetingId),
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
