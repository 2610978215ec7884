using InsightGig.Application.Meetings.GetMyMeetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetMyInvitations;

/// <summary>
/// An expert's home: the upcoming calls the signed-in person is invited to (soonest first) and, among them, those they
/// have not answered yet. At most <see cref="Shown"/> of each; the counts say how many there are in all.
/// </summary>
public sealed record GetMyInvitationsQuery : IQuery<MyInvitations>
{
    public const int Shown = 10;
}

public sealed record MyInvitations(IReadOnlyList<MeetingListItem> Upcoming, int UpcomingCount, IReadOnlyList<MeetingListItem> AwaitingAnswer, int AwaitingAnswerCount);
