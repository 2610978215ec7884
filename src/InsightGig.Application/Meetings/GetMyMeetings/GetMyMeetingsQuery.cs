using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetMyMeetings;

/// <summary>The signed-in user's upcoming meetings (as organizer or participant), soonest first.</summary>
public sealed record GetMyMeetingsQuery : IQuery<IReadOnlyList<MeetingListItem>>;

/// <param name="Platform">The platform key.</param>
/// <param name="PlatformName">The platform as people know it.</param>
/// <param name="PlatformIcon">The platform's icon path under the web root.</param>
/// <param name="ParticipantNames">The participants this viewer is shown (<see cref="Scheduling.ParticipantVisibility"/>).</param>
/// <param name="OtherParticipants">Participants not shown to this viewer: "and N others".</param>
public sealed record MeetingListItem(
    Guid Id,
    string Title,
    string Platform,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string? JoinUrl,
    MeetingStatus Status,
    MeetingContextKind ContextKind,
    Guid ContextId,
    string OrganizerName,
    bool IsOrganizer,
    IReadOnlyList<string> ParticipantNames,
    string PlatformName,
    string PlatformIcon,
    int OtherParticipants = 0);
