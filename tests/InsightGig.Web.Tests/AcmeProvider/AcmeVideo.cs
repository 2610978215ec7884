using System.Globalization;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;

namespace InsightGig.Web.Tests.AcmeProvider;

/// <summary>Acme's video meetings, through the organizer's Acme connection (tokens from the app's shared token source).</summary>
internal sealed class AcmeVideo(AcmeCloud cloud, IAccessTokenSource tokens) : IVideoMeetingProvider
{
    private static int _next;

    public string Key => AcmeProvider.Key;

    public string DisplayName => "Acme Video";

    public string ConnectionProvider => AcmeProvider.Key;

    public async Task<ProviderResult<VideoMeetingDetails>> CreateMeetingAsync(Guid organizerId, VideoMeetingRequest request, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        var id = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        cloud.VideoMeetings[id] = new AcmeVideoMeeting(id, request.Title, request.StartUtc, request.Duration, request.MeetingId);
        return Details(cloud.VideoMeetings[id]);
    }

    public async Task<ProviderResult<Done>> UpdateMeetingAsync(Guid organizerId, string providerMeetingId, VideoMeetingRequest request, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        if (!cloud.VideoMeetings.TryGetValue(providerMeetingId, out var meeting) || meeting.Deleted)
        {
            return new ProviderFailure(Key, ProviderFailureKind.NotFound, "No such Acme meeting.");
        }

        cloud.VideoMeetings[providerMeetingId] = meeting with { Title = request.Title, StartUtc = request.StartUtc, Duration = request.Duration };
        return ProviderResult<Done>.Ok(Done.Value);
    }

    public async Task<ProviderResult<Done>> DeleteMeetingAsync(Guid organizerId, string providerMeetingId, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        if (cloud.VideoMeetings.TryGetValue(providerMeetingId, out var meeting))
        {
            cloud.VideoMeetings[providerMeetingId] = meeting with { Deleted = true };
        }

        return ProviderResult<Done>.Ok(Done.Value);
    }

    public async Task<ProviderResult<VideoMeetingDetails>> GetMeetingAsync(Guid organizerId, string providerMeetingId, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        return cloud.VideoMeetings.TryGetValue(providerMeetingId, out var meeting) && !meeting.Deleted
            ? Details(meeting)
            : new ProviderFailure(Key, ProviderFailureKind.NotFound, "No such Acme meeting.");
    }

    public async Task<ProviderResult<VideoMeetingDetails?>> FindMeetingMadeForAsync(Guid organizerId, VideoMeetingRequest request, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        return cloud.VideoMeetings.Values.FirstOrDefault(m => m.MadeFor == request.MeetingId && !m.Deleted) is { } made
            ? ProviderResult<VideoMeetingDetails?>.Ok(Details(made).Value)
            : ProviderResult<VideoMeetingDetails?>.Ok(null);
    }

    private static ProviderResult<VideoMeetingDetails> Details(AcmeVideoMeeting meeting) =>
        ProviderResult<VideoMeetingDetails>.Ok(new VideoMeetingDetails(meeting.Id, $"https://acme.example/j/{meeting.Id}", meeting.StartUtc, meeting.Duration, meeting.Title));

    private async Task<ProviderFailure?> RefusedAsync(Guid organizerId, CancellationToken cancellationToken)
    {
        if (cloud.VideoDown)
        {
            return new ProviderFailure(Key, ProviderFailureKind.Transient, "Acme is down.");
        }

        var token = await tokens.GetAccessTokenAsync(organizerId, AcmeProvider.Key, cancellationToken);
        return token.IsSuccess
            ? cloud.AccountOf(token.Value!) is null ? new ProviderFailure(Key, ProviderFailureKind.ReconnectNeeded, "Acme does not know this token.") : null
            : token.Failure;
    }
}
