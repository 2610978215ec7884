namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// A video service that hosts meetings of its own (one per video provider unit). It acts through the
/// organizer's linked account of <see cref="ConnectionProvider"/>.
/// </summary>
public interface IVideoMeetingProvider
{
    /// <summary>The video provider key ("zoom").</summary>
    string Key { get; }

    string DisplayName { get; }

    /// <summary>The account provider whose connection this adapter uses ("zoom").</summary>
    string ConnectionProvider { get; }

    Task<ProviderResult<VideoMeetingDetails>> CreateMeetingAsync(Guid organizerId, VideoMeetingRequest request, CancellationToken cancellationToken);

    Task<ProviderResult<Done>> UpdateMeetingAsync(Guid organizerId, string providerMeetingId, VideoMeetingRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes the meeting; a meeting already gone counts as success.</summary>
    Task<ProviderResult<Done>> DeleteMeetingAsync(Guid organizerId, string providerMeetingId, CancellationToken cancellationToken);

    Task<ProviderResult<VideoMeetingDetails>> GetMeetingAsync(Guid organizerId, string providerMeetingId, CancellationToken cancellationToken);
}

/// <param name="TimeZoneId">The organizer's IANA zone; the provider shows times in it.</param>
public sealed record VideoMeetingRequest(string Title, string Description, DateTimeOffset StartUtc, TimeSpan Duration, string TimeZoneId);

public sealed record VideoMeetingDetails(string ProviderMeetingId, string JoinUrl, DateTimeOffset StartUtc, TimeSpan Duration, string Title);
