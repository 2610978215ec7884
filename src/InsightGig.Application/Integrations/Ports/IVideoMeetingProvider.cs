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

    /// <summary>
    /// The video meeting a create for <see cref="VideoMeetingRequest.MeetingId"/> made, found by the tag every create and update
    /// carries; a success holding null when the organizer's account has none. A create whose answer was lost (the process died
    /// before saving its id) is found this way, so it is adopted or deleted instead of left orphaned.
    /// </summary>
    Task<ProviderResult<VideoMeetingDetails?>> FindMeetingMadeForAsync(Guid organizerId, VideoMeetingRequest request, CancellationToken cancellationToken);
}

/// <param name="TimeZoneId">The organizer's IANA zone; the provider shows times in it.</param>
/// <param name="MeetingId">The InsightGig meeting: the provider meeting is tagged with it, so it can be found again (<see cref="IVideoMeetingProvider.FindMeetingMadeForAsync"/>).</param>
public sealed record VideoMeetingRequest(string Title, string Description, DateTimeOffset StartUtc, TimeSpan Duration, string TimeZoneId, Guid MeetingId);

public sealed record VideoMeetingDetails(string ProviderMeetingId, string JoinUrl, DateTimeOffset StartUtc, TimeSpan Duration, string Title);
