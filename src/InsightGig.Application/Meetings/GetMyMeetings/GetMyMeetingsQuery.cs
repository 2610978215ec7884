using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetMyMeetings;

/// <summary>The signed-in user's upcoming meetings (as organizer or participant), soonest first.</summary>
public sealed record GetMyMeetingsQuery : IQuery<IReadOnlyList<MeetingListItem>>;

/// <param name="Platform">The platform key.</param>
/// <param name="PlatformName">The platform as people know it.</param>
/// <param name="PlatformIcon">The platform's icon path under the web root.</param>
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
    string PlatformIcon)
{
    /// <summary>For its organizer: proposals of a new time waiting for a decision.</summary>
    public int OpenProposals { get; init; }

    /// <summary>For its organizer: participants who declined.</summary>
    public int Declines { get; init; }
}
