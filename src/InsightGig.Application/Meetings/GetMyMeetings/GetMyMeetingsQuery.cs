using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetMyMeetings;

/// <summary>The signed-in user's upcoming meetings (as organizer or participant), soonest first.</summary>
public sealed record GetMyMeetingsQuery : IQuery<IReadOnlyList<MeetingListItem>>;

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
    IReadOnlyList<string> ParticipantNames);
