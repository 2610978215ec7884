using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.ListContextMeetings;

/// <summary>Upcoming meetings scheduled from one project (or brief) that the viewer takes part in.</summary>
public sealed record ListContextMeetingsQuery(MeetingContextKind ContextKind, Guid ContextId) : IQuery<IReadOnlyList<MeetingListItem>>;
